package io.glint.api;

import io.glint.api.auth.AuthConfig;
import io.glint.api.auth.PasswordHasher;
import io.glint.core.aws.AwsClients;
import io.glint.core.config.ResourceNames;
import io.glint.featurestore.users.DynamoRefreshTokenRepository;
import io.glint.featurestore.users.DynamoUserRepository;
import io.glint.featurestore.users.RefreshTokenRepository;
import io.glint.featurestore.users.UserRepository;
import java.util.Objects;

/**
 * What the API's endpoints need beyond Vert.x, built once per process and shared by every verticle instance.
 *
 * @param users accounts
 * @param refreshTokens refresh tokens
 * @param auth token and password settings
 * @param hasher password hashing (thread-safe)
 */
public record ApiServices(
        UserRepository users, RefreshTokenRepository refreshTokens, AuthConfig auth, PasswordHasher hasher) {
    public ApiServices {
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(refreshTokens, "refreshTokens");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(hasher, "hasher");
    }

    /** The DynamoDB-backed services. Blocking (it computes a reference hash): call it at start-up. */
    public static ApiServices dynamo(AwsClients clients, ResourceNames names, AuthConfig auth) {
        return new ApiServices(
                new DynamoUserRepository(clients.dynamoDb(), names),
                new DynamoRefreshTokenRepository(clients.dynamoDb(), names),
                auth,
                new PasswordHasher(auth.passwordIterations()));
    }
}

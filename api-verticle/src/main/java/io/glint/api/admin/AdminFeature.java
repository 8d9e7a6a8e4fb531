package io.glint.api.admin;

import io.glint.api.ApiContext;
import io.glint.api.Endpoint;
import io.glint.api.auth.PasswordHasher;
import io.glint.domain.users.UserRepository;
import io.glint.featurestore.features.DynamoFeatureRepository;
import java.util.List;

/**
 * The operator's side, wired from the shared clients.
 *
 * @param endpoints the feature-store endpoints
 * @param account the seeded operator account
 */
public record AdminFeature(List<Endpoint> endpoints, AdminAccount account) {
    /** {@code users} and {@code hasher} are the auth feature's, so the operator logs in like anyone. */
    public static AdminFeature wire(ApiContext ctx, UserRepository users, PasswordHasher hasher) {
        return new AdminFeature(
                List.of(new AdminEndpoint(
                        new DynamoFeatureRepository(ctx.vertx(), ctx.clients().dynamoDb(), ctx.names(), ctx.clock()),
                        ctx.clock())),
                new AdminAccount(users, hasher, ctx.clock()));
    }
}

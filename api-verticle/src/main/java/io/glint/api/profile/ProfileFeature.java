package io.glint.api.profile;

import io.glint.api.ApiContext;
import io.glint.api.Endpoint;
import io.glint.api.http.ImageUrls;
import io.glint.featurestore.social.DynamoFollowRepository;
import io.glint.featurestore.uploads.DynamoUploadRepository;
import io.glint.featurestore.users.DynamoUserRepository;
import java.util.List;

/** Profiles, wired from the shared clients. */
public final class ProfileFeature {
    private ProfileFeature() {}

    /** The profile endpoints; {@code imageUrls} signs the avatars' URLs. */
    public static List<Endpoint> wire(ApiContext ctx, ImageUrls imageUrls) {
        var dynamoDb = ctx.clients().dynamoDb();
        ProfileService service = new ProfileService(
                new DynamoUserRepository(ctx.vertx(), dynamoDb, ctx.names()),
                new DynamoFollowRepository(ctx.vertx(), dynamoDb, ctx.names(), ctx.clock()),
                new DynamoUploadRepository(dynamoDb, ctx.names()));
        return List.of(new ProfileEndpoint(service, imageUrls, ctx.config().rateLimits()));
    }
}

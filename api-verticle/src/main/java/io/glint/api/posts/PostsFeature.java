package io.glint.api.posts;

import io.glint.api.ApiContext;
import io.glint.api.Endpoint;
import io.glint.api.analysis.AnalysisHandOff;
import io.glint.api.http.ImageUrls;
import io.glint.events.EventPublisher;
import io.glint.featurestore.posts.DynamoPostRepository;
import java.util.List;

/** Posts, wired from the shared clients: the posts endpoint over DynamoDB and the uploads bucket. */
public final class PostsFeature {
    private PostsFeature() {}

    /**
     * The posts endpoint.
     *
     * @param events where interactions go
     * @param imageUrls the process's image URLs
     * @param handOff tells the analysis worker about posts whose analysis came first
     */
    public static List<Endpoint> wire(
            ApiContext ctx, EventPublisher events, ImageUrls imageUrls, AnalysisHandOff handOff) {
        PostService service = new PostService(
                new DynamoPostRepository(ctx.vertx(), ctx.clients().dynamoDb(), ctx.names()),
                new S3UploadObjects(ctx.clients().s3(), ctx.names().uploadsBucket()),
                events,
                handOff,
                ctx.clock());
        return List.of(new PostsEndpoint(service, imageUrls, ctx.config().rateLimits()));
    }
}

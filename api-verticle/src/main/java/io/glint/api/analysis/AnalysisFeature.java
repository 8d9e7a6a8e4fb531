package io.glint.api.analysis;

import io.glint.api.ApiContext;
import io.glint.api.Endpoint;
import io.glint.domain.analysis.AnalysisRepository;
import io.glint.featurestore.analysis.DynamoAnalysisRepository;
import io.glint.featurestore.posts.DynamoPostRepository;
import java.util.List;

/**
 * What the analysis pipeline found, wired from the shared clients: its endpoint, and the hand-off that tells the
 * analysis worker about a post created after its upload's analysis (for the posts feature).
 *
 * @param endpoints the analysis endpoints
 * @param handOff for each post created
 */
public record AnalysisFeature(List<Endpoint> endpoints, AnalysisHandOff handOff) {
    /**
     * Makes no AWS call: the uploads queue's URL is resolved on the first send, so the API starts while SQS is
     * unreachable or the queue is missing (the {@code sqs} health check says so, and each post that needed the queue
     * logs a warning).
     */
    public static AnalysisFeature wire(ApiContext ctx) {
        AnalysisRepository analyses = new DynamoAnalysisRepository(ctx.clients().dynamoDb(), ctx.names());
        AnalysisService service = new AnalysisService(
                new DynamoPostRepository(ctx.vertx(), ctx.clients().dynamoDb(), ctx.names()), analyses);
        return new AnalysisFeature(
                List.of(new AnalysisEndpoint(service)),
                new AnalysisHandOff(
                        analyses,
                        new SqsUploadsQueue(ctx.clients().sqs(), ctx.names().uploadsQueue()),
                        ctx.meters()));
    }
}

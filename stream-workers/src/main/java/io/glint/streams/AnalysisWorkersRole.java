package io.glint.streams;

import io.glint.core.RoleContext;
import io.glint.core.aws.AwsClients;
import io.glint.core.config.ResourceNames;
import io.glint.domain.feed.PostPublisher;
import io.glint.events.EventPublisher;
import io.glint.events.kinesis.KinesisEventPublisher;
import io.glint.featurestore.analysis.DynamoAnalysisRepository;
import io.glint.featurestore.feed.DynamoFeedRepository;
import io.glint.featurestore.posts.DynamoPostRepository;
import io.glint.featurestore.uploads.DynamoUploadRepository;
import io.glint.streams.analysis.AnalysisWorkerConfig;
import io.glint.streams.analysis.UploadAnalysisHandler;
import io.glint.streams.sqs.SqsConsumerVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Objects;

/**
 * The analysis-workers role's composition root: an SQS consumer of the uploads queue whose handler validates, analyses
 * and decides each upload, publishing and delivering the posts it passes. Wired from the process's clients, names and
 * meters; it has its own interaction-event publisher, to be closed (it flushes) before Vert.x.
 */
public final class AnalysisWorkersRole {
    private final Vertx vertx;
    private final EventPublisher events;
    private final SqsConsumerVerticle consumer;

    private AnalysisWorkersRole(RoleContext ctx, AnalysisWorkerConfig config) {
        Vertx vertx = ctx.vertx();
        AwsClients clients = ctx.clients();
        ResourceNames names = ctx.names();
        this.vertx = vertx;
        this.events = new KinesisEventPublisher(
                vertx, clients.kinesis(), names.interactionsStream(), config.events(), ctx.meters());
        UploadAnalysisHandler handler = new UploadAnalysisHandler(
                vertx,
                clients.s3(),
                clients.sqs(),
                clients.rekognition(),
                new DynamoAnalysisRepository(clients.dynamoDb(), names),
                new DynamoUploadRepository(clients.dynamoDb(), names),
                new PostPublisher(
                        new DynamoPostRepository(vertx, clients.dynamoDb(), names),
                        new DynamoFeedRepository(vertx, clients.dynamoDb(), names, config.feed(), ctx.clock())),
                events,
                config,
                ctx.clock());
        this.consumer = new SqsConsumerVerticle(config.consumer(), clients.sqs(), handler, ctx.meters());
    }

    /** Wires the role; makes no AWS call. */
    public static AnalysisWorkersRole wire(RoleContext ctx, AnalysisWorkerConfig config) {
        return new AnalysisWorkersRole(Objects.requireNonNull(ctx, "ctx"), Objects.requireNonNull(config, "config"));
    }

    /** Deploys the consumer. */
    public Future<SqsConsumerVerticle> deploy() {
        return vertx.deployVerticle(consumer).map(id -> consumer);
    }

    /** Sends the interaction events still buffered: call it before Vert.x closes. */
    public Future<Void> close() {
        return events.close();
    }
}

package io.glint.api;

import io.glint.api.admin.AdminAccount;
import io.glint.api.admin.AdminFeature;
import io.glint.api.analysis.AnalysisFeature;
import io.glint.api.auth.AuthFeature;
import io.glint.api.comments.CommentsFeature;
import io.glint.api.events.EventsFeature;
import io.glint.api.feed.FeedFeature;
import io.glint.api.http.ImageUrls;
import io.glint.api.likes.LikesFeature;
import io.glint.api.posts.PostsFeature;
import io.glint.api.profile.ProfileFeature;
import io.glint.api.recommend.RecommendationsFeature;
import io.glint.api.social.SocialFeature;
import io.glint.api.uploads.UploadsFeature;
import io.glint.core.health.HealthCheck;
import io.glint.events.EventPublisher;
import io.glint.events.kinesis.KinesisEventPublisher;
import io.vertx.core.Future;
import io.vertx.ext.web.handler.JWTAuthHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The API role's composition root: each feature wires itself from the shared clients, names and configuration
 * ({@link ApiContext}) and hands back its endpoints; what several features share is made here, once per process: the
 * interaction-event publisher, the image URLs (their signed URLs are cached), and the ranking (recommendations and the
 * ranked timeline). Every API verticle instance of the process serves the same endpoints: they hold no per-instance
 * state.
 */
public final class ApiApplication {
    private final EventPublisher events;
    private final AuthFeature auth;
    private final RecommendationsFeature recommendations;
    private final AdminFeature admin;
    private final List<Endpoint> endpoints;

    private ApiApplication(ApiContext ctx) {
        this.events = new KinesisEventPublisher(
                ctx.vertx(),
                ctx.clients().kinesis(),
                ctx.names().interactionsStream(),
                ctx.config().events(),
                ctx.meters());
        ImageUrls imageUrls = ctx.config()
                .imageCdn()
                .map(cdn -> ImageUrls.cloudFront(cdn, ctx.clock()))
                .orElseGet(() ->
                        new ImageUrls(ctx.clients().s3Presigner(), ctx.names().uploadsBucket()));
        this.auth = AuthFeature.wire(ctx);
        AnalysisFeature analysis = AnalysisFeature.wire(ctx);
        this.recommendations = RecommendationsFeature.wire(ctx, events, imageUrls);
        this.admin = AdminFeature.wire(ctx, auth.users(), auth.hasher());
        List<Endpoint> all = new ArrayList<>(auth.endpoints());
        all.addAll(UploadsFeature.wire(ctx));
        all.addAll(PostsFeature.wire(ctx, events, imageUrls, analysis.handOff()));
        all.addAll(LikesFeature.wire(ctx, events));
        all.addAll(CommentsFeature.wire(ctx, events));
        all.addAll(analysis.endpoints());
        all.addAll(SocialFeature.wire(ctx, events));
        all.addAll(FeedFeature.wire(ctx, imageUrls, recommendations.service()));
        all.addAll(recommendations.endpoints());
        all.addAll(EventsFeature.wire(ctx, events));
        all.addAll(ProfileFeature.wire(ctx, imageUrls));
        all.addAll(admin.endpoints());
        this.endpoints = List.copyOf(all);
    }

    /**
     * Wires every feature. Blocking (the password hasher computes a reference hash): call it at start-up. It makes no
     * AWS call, so the API starts while a dependency is away (the health checks say so).
     */
    public static ApiApplication wire(ApiContext ctx) {
        return new ApiApplication(Objects.requireNonNull(ctx, "ctx"));
    }

    /**
     * Starts what runs in the background: the embedded model's loading and refreshing, the endpoint's warm-up. Never
     * fails: until a model is loaded, the fallback is popularity.
     */
    public Future<Void> start() {
        return recommendations.start();
    }

    /** Every feature's endpoints (the operational ones are the verticle's own). */
    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /** The handler of the contract's {@code bearerAuth} scheme. */
    public JWTAuthHandler bearerAuth() {
        return auth.bearerAuth();
    }

    /** What this role adds to the process's health report. */
    public List<HealthCheck> healthChecks() {
        return List.of(recommendations.healthCheck());
    }

    /** The seeded operator account. */
    public AdminAccount adminAccount() {
        return admin.account();
    }

    /** Recommendations and ranking, for a test's look at the model the process holds. */
    public RecommendationsFeature recommendations() {
        return recommendations;
    }

    /**
     * Sends the interaction events still buffered, then closes the hashing pool: call it before Vert.x closes.
     *
     * @return a future that fails when the events could not all be sent
     */
    public Future<Void> close() {
        return events.close().eventually(() -> auth.close());
    }
}

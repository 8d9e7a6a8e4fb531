package io.glint.cloudformation;

import io.glint.api.ApiConfig;
import io.glint.api.auth.AuthConfig;
import io.glint.api.http.ImageCdnConfig;
import io.glint.api.http.RateLimits;
import io.glint.api.recommend.RecommendationConfig;
import io.glint.api.uploads.UploadConfig;
import io.glint.core.aws.AwsConfig;
import io.glint.core.aws.AwsService;
import io.glint.core.config.ResourceNames;
import io.glint.core.vertx.VertxSettings;
import io.glint.domain.feed.FeedConfig;
import io.glint.events.kinesis.EventPublisherConfig;
import io.glint.media.MediaLimits;
import io.glint.model.scoring.RankingConfig;
import io.glint.modelserver.ModelServerConfig;
import io.glint.streams.analysis.AnalysisWorkerConfig;
import io.glint.streams.archive.ArchiveConfig;
import io.glint.streams.candidates.CandidateIndexerConfig;
import io.glint.streams.interactions.InteractionsWorkerConfig;
import io.glint.streams.kcl.StreamWorkerConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Every environment variable each deployed role reads in AWS mode, by the constants of the configuration records that
 * read them, and how the deployment supplies it: a plain variable of the task definition, a secret, or deliberately
 * nothing (with the reason). The CloudFormation tests hold both sides to this list: the records must read exactly
 * these variables (recorded through {@link io.glint.core.config.Env#lookup}), and the task definitions and the
 * SageMaker model must set exactly the ones marked {@link Supply#ENVIRONMENT} and {@link Supply#SECRET}.
 *
 * <p>A role's records are those its command reads before it starts ({@code Main.role}, {@code GlintProcess},
 * {@code ModelServerRole}, the training job's {@code Stores.open}); a new variable in one of them fails the tests
 * until it is added here and to the templates.
 */
public final class ConfigCatalogue {

    /** A process the templates deploy, named as its {@code glint} command. */
    public enum Role {
        API("api"),
        STREAM_WORKERS("stream-workers"),
        ANALYSIS_WORKERS("analysis-workers"),
        MODEL_SERVER("model-server"),
        TRAIN("train");

        private final String command;

        Role(String command) {
            this.command = command;
        }

        /** The {@code glint} command that runs the role, also its container's name. */
        public String command() {
            return command;
        }
    }

    /** How the deployment supplies a variable. */
    public enum Supply {
        /** A plain variable of the task definition or the SageMaker model. */
        ENVIRONMENT,
        /** A variable ECS fills from Secrets Manager ({@code Secrets} of the container definition). */
        SECRET,
        /** Deliberately not set on AWS: the default is the right value there (see the reason). */
        NOT_SET
    }

    /**
     * One variable a role reads.
     *
     * @param name the variable
     * @param supply how the deployment supplies it
     * @param reason why it is not set, for {@link Supply#NOT_SET}; empty otherwise
     */
    public record Variable(String name, Supply supply, String reason) {
        public Variable {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(supply, "supply");
            Objects.requireNonNull(reason, "reason");
            if ((supply == Supply.NOT_SET) == reason.isBlank()) {
                throw new IllegalArgumentException(name + ": a reason is required exactly when a variable is not set");
            }
        }
    }

    private static final String LOCAL_ENDPOINT =
            "an endpoint override for the local stand-ins; on AWS the SDK's regional endpoints (and the VPC endpoints"
                    + " by private DNS) are right";

    private static final List<Variable> AWS = concat(
            set(
                    AwsConfig.REGION,
                    AwsConfig.API_CALL_TIMEOUT,
                    AwsConfig.API_CALL_ATTEMPT_TIMEOUT,
                    AwsConfig.MAX_CONCURRENCY,
                    AwsConfig.CBOR),
            Arrays.stream(AwsService.values())
                    .map(service -> notSet(service.endpointVariable(), LOCAL_ENDPOINT))
                    .toList());

    private static final List<Variable> RESOURCE_NAMES = set(
            ResourceNames.TABLE_PREFIX,
            ResourceNames.INTERACTIONS_STREAM,
            ResourceNames.UPLOADS_BUCKET,
            ResourceNames.UPLOADS_QUEUE,
            ResourceNames.UPLOADS_DLQ,
            ResourceNames.ARCHIVE_BUCKET,
            ResourceNames.MODELS_BUCKET);

    private static final List<Variable> VERTX = List.of(
            new Variable(VertxSettings.MAX_EVENT_LOOP_EXECUTE, Supply.ENVIRONMENT, ""),
            notSet(
                    VertxSettings.EVENT_LOOPS,
                    "two event loops per vCPU the JVM sees, which follows the task size; a fixed number would not"));

    private static final List<Variable> EVENTS = set(
            EventPublisherConfig.BUFFER_CAPACITY,
            EventPublisherConfig.LINGER,
            EventPublisherConfig.MAX_IN_FLIGHT,
            EventPublisherConfig.MAX_ATTEMPTS,
            EventPublisherConfig.RETRY_BACKOFF,
            EventPublisherConfig.CLOSE_TIMEOUT);

    private static final List<Variable> FEED = set(
            FeedConfig.PULL_THRESHOLD,
            FeedConfig.ENTRY_TTL_DAYS,
            FeedConfig.BACKFILL_POSTS,
            FeedConfig.MAX_PULL_AUTHORS);

    private static final List<Variable> API = concat(
            AWS,
            RESOURCE_NAMES,
            VERTX,
            set(ApiConfig.HOST, ApiConfig.PORT, ApiConfig.MAX_BODY_BYTES),
            set(
                    AuthConfig.ISSUER,
                    AuthConfig.ACCESS_TOKEN_TTL,
                    AuthConfig.REFRESH_TOKEN_TTL,
                    AuthConfig.PASSWORD_ITERATIONS),
            List.of(
                    new Variable(AuthConfig.PRIVATE_KEY, Supply.SECRET, ""),
                    new Variable(AuthConfig.PUBLIC_KEY, Supply.SECRET, "")),
            set(UploadConfig.MAX_BYTES, UploadConfig.URL_TTL),
            set(ImageCdnConfig.DOMAIN, ImageCdnConfig.KEY_PAIR_ID),
            List.of(new Variable(ImageCdnConfig.PRIVATE_KEY, Supply.SECRET, "")),
            set(RateLimits.LOGINS_PER_MINUTE, RateLimits.WRITES_PER_MINUTE, RateLimits.TRUST_FORWARDED_FOR),
            EVENTS,
            FEED,
            set(
                    RecommendationConfig.EXPERIMENT,
                    RecommendationConfig.MAX_CANDIDATES,
                    RecommendationConfig.PER_AUTHOR,
                    RecommendationConfig.PER_CATEGORY,
                    RecommendationConfig.LIST_CACHE,
                    RecommendationConfig.ITEM_CACHE),
            set(
                    RankingConfig.ENDPOINT,
                    RankingConfig.TIMEOUT,
                    RankingConfig.BREAKER_FAILURES,
                    RankingConfig.BREAKER_RESET,
                    RankingConfig.MODEL_NAME,
                    RankingConfig.EMBEDDED_REFRESH));

    private static final List<Variable> STREAM_WORKERS = concat(
            AWS,
            RESOURCE_NAMES,
            VERTX,
            set(
                    StreamWorkerConfig.APPLICATION_NAME,
                    StreamWorkerConfig.POLL_INTERVAL,
                    StreamWorkerConfig.INITIAL_POSITION,
                    StreamWorkerConfig.METRICS_LEVEL,
                    StreamWorkerConfig.FAST_START),
            List.of(notSet(
                    StreamWorkerConfig.WORKER_ID,
                    "each task's own host name; one value for every task would make them one KCL worker")),
            set(ArchiveConfig.MAX_BYTES, ArchiveConfig.MAX_AGE),
            set(
                    InteractionsWorkerConfig.USER_CACHE_SIZE,
                    InteractionsWorkerConfig.ITEM_CACHE_SIZE,
                    InteractionsWorkerConfig.MAX_PENDING_EVENTS),
            set(CandidateIndexerConfig.INTERVAL, CandidateIndexerConfig.SEGMENTS));

    private static final List<Variable> ANALYSIS_WORKERS = concat(
            AWS,
            RESOURCE_NAMES,
            VERTX,
            set(
                    AnalysisWorkerConfig.MAX_IN_FLIGHT,
                    AnalysisWorkerConfig.MIN_LABEL_CONFIDENCE,
                    AnalysisWorkerConfig.MODERATION_THRESHOLD,
                    AnalysisWorkerConfig.MAX_LABELS,
                    AnalysisWorkerConfig.RECHECK_DELAYS),
            set(MediaLimits.MAX_BYTES, MediaLimits.MAX_PIXELS, MediaLimits.DISPLAY_EDGE, MediaLimits.THUMBNAIL_EDGE),
            EVENTS,
            FEED);

    private static final List<Variable> MODEL_SERVER = concat(
            AWS,
            set(ResourceNames.MODELS_BUCKET),
            VERTX,
            set(
                    ModelServerConfig.HOST,
                    ModelServerConfig.MODEL_NAME,
                    ModelServerConfig.MODEL_DIR,
                    ModelServerConfig.RELOAD_INTERVAL,
                    ModelServerConfig.MAX_ROWS),
            List.of(notSet(
                    ModelServerConfig.PORT,
                    "SageMaker's own variable: the container contract's port 8080 unless SageMaker sets another")));

    private static final List<Variable> TRAIN = concat(AWS, RESOURCE_NAMES);

    private static final Map<Role, List<Variable>> BY_ROLE = byRole();

    private ConfigCatalogue() {}

    /** Every variable the role reads in AWS mode, each once, in catalogue order. */
    public static List<Variable> variables(Role role) {
        return BY_ROLE.get(role);
    }

    /** The names of the role's variables supplied the given way, sorted. */
    public static Set<String> names(Role role, Supply supply) {
        return variables(role).stream()
                .filter(variable -> variable.supply() == supply)
                .map(Variable::name)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The names of every variable the role reads, sorted. */
    public static Set<String> names(Role role) {
        return variables(role).stream().map(Variable::name).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Map<Role, List<Variable>> byRole() {
        Map<Role, List<Variable>> roles = new LinkedHashMap<>();
        roles.put(Role.API, API);
        roles.put(Role.STREAM_WORKERS, STREAM_WORKERS);
        roles.put(Role.ANALYSIS_WORKERS, ANALYSIS_WORKERS);
        roles.put(Role.MODEL_SERVER, MODEL_SERVER);
        roles.put(Role.TRAIN, TRAIN);
        for (Map.Entry<Role, List<Variable>> role : roles.entrySet()) {
            Set<String> seen = new TreeSet<>();
            for (Variable variable : role.getValue()) {
                if (!seen.add(variable.name())) {
                    throw new IllegalStateException(role.getKey() + " lists " + variable.name() + " twice");
                }
            }
        }
        return Collections.unmodifiableMap(roles);
    }

    private static List<Variable> set(String... names) {
        return Arrays.stream(names)
                .map(name -> new Variable(name, Supply.ENVIRONMENT, ""))
                .toList();
    }

    private static Variable notSet(String name, String reason) {
        return new Variable(name, Supply.NOT_SET, reason);
    }

    @SafeVarargs
    private static List<Variable> concat(List<Variable>... parts) {
        List<Variable> all = new ArrayList<>();
        for (List<Variable> part : parts) {
            all.addAll(part);
        }
        return List.copyOf(all);
    }
}

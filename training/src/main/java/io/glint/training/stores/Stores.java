package io.glint.training.stores;

import io.glint.core.aws.AwsClients;
import io.glint.core.aws.AwsConfig;
import io.glint.core.config.Env;
import io.glint.core.config.ResourceNames;
import io.glint.domain.candidates.CandidateListRepository;
import io.glint.domain.catalog.CatalogRepository;
import io.glint.domain.features.FeatureRepository;
import io.glint.featurestore.candidates.DynamoCandidateListRepository;
import io.glint.featurestore.catalog.DynamoCatalogRepository;
import io.glint.featurestore.features.DynamoFeatureRepository;
import io.glint.model.registry.ModelRegistry;
import io.glint.model.registry.S3ModelRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * What a batch command needs of a running Glint: its resource names, the AWS clients configured from the environment
 * (the local stack's endpoints, or the task role on AWS) and a Vert.x instance for the repositories, which are built
 * on Vert.x futures. A batch command blocks its own thread on those futures ({@code await()}): it runs on no event
 * loop. Close it when done: the clients' connection pools, then Vert.x.
 */
public final class Stores implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Stores.class);

    private final ResourceNames names;
    private final AwsClients clients;
    private final Vertx vertx;
    private final Clock clock;

    private Stores(ResourceNames names, AwsClients clients, Vertx vertx, Clock clock) {
        this.names = names;
        this.clients = clients;
        this.vertx = vertx;
        this.clock = clock;
    }

    /**
     * Connects to the stores the environment names.
     *
     * @throws io.glint.core.config.ConfigException when a variable is missing (on AWS) or malformed
     */
    public static Stores open(Env env) {
        Objects.requireNonNull(env, "env");
        ResourceNames names = ResourceNames.from(env);
        AwsConfig config = AwsConfig.from(env);
        AwsClients clients = new AwsClients(config);
        return new Stores(names, clients, Vertx.vertx(), Clock.systemUTC());
    }

    public ResourceNames names() {
        return names;
    }

    public Clock clock() {
        return clock;
    }

    public Vertx vertx() {
        return vertx;
    }

    public S3AsyncClient s3() {
        return clients.s3();
    }

    public FeatureRepository features() {
        return new DynamoFeatureRepository(vertx, clients.dynamoDb(), names, clock);
    }

    public CatalogRepository catalog() {
        return new DynamoCatalogRepository(vertx, clients.dynamoDb(), names);
    }

    public CandidateListRepository candidateLists() {
        return new DynamoCandidateListRepository(vertx, clients.dynamoDb(), names);
    }

    /** The model registry in the models bucket. */
    public ModelRegistry registry() {
        return new S3ModelRegistry(vertx, clients.s3(), names.modelsBucket(), clock);
    }

    @Override
    public void close() {
        try {
            clients.close();
        } finally {
            try {
                vertx.close().await();
            } catch (RuntimeException e) {
                LOG.warn("Closing Vert.x failed: {}", e.toString());
            }
        }
    }
}

package io.glint.localrun;

import static io.glint.launcher.Main.await;

import io.glint.api.ApiConfig;
import io.glint.api.ApiRoleConfig;
import io.glint.api.admin.AdminAccount;
import io.glint.core.aws.AwsService;
import io.glint.core.config.ConfigException;
import io.glint.core.config.Env;
import io.glint.core.config.ResourceNames;
import io.glint.core.config.RunMode;
import io.glint.core.health.HealthReport;
import io.glint.launcher.GlintProcess;
import io.glint.launcher.LocalEnvironmentFile;
import io.glint.localstack.LocalStack;
import io.glint.localstack.LocalStackException;
import io.glint.localstack.LocalStackOptions;
import io.glint.modelserver.ModelServer;
import io.glint.modelserver.ModelServerConfig;
import io.glint.streams.analysis.AnalysisWorkerConfig;
import io.glint.streams.interactions.InteractionsWorkerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code glint local}: the local AWS stand-ins (with the Rekognition analyzer), provisioned, and every role in one
 * process (API, stream worker, analysis worker, model server), the seeded admin account, and the environment file that
 * lets jobs run with {@code --local}. The roles are the production launcher's {@link GlintProcess}, pointed at the
 * stand-ins.
 */
final class LocalRun {
    /** Local runs use a 2-shard stream, so that lease balancing is visible from the start. */
    static final int LOCAL_SHARDS = 2;
    /** The local model server's port unless {@code SAGEMAKER_BIND_TO_PORT} says otherwise (the API has 8080). */
    static final int LOCAL_MODEL_SERVER_PORT = 8081;

    private static final Logger LOG = LoggerFactory.getLogger(LocalRun.class);

    private final PrintStream out;

    LocalRun(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * Starts everything and prints the banner; blocking, for the main thread. Everything started is stopped by a
     * shutdown hook (Ctrl-C), or here when a step fails.
     *
     * @throws ConfigException when a variable is wrong or a port is taken
     * @throws LocalStackException when a stand-in does not start, or Glint is not healthy within a minute
     */
    void start() {
        long started = System.nanoTime();
        Env system = Env.system(RunMode.LOCAL);
        ApiConfig api = ApiConfig.from(system);
        AdminAccount.Password adminPassword = AdminAccount.password(system);
        requireFreePort(api.host(), api.port());

        // With the image analyzer: the upload analysis worker calls it.
        LocalStack stack = LocalStack.start(LocalStackOptions.defaults().withRekognition());
        GlintProcess process = null;
        try {
            ResourceNames names = ResourceNames.from(system);
            stack.provision(names, LOCAL_SHARDS);
            double stackSeconds = seconds(started);
            // The model server on its own port, and every role pointed at it as at a SageMaker endpoint.
            int modelPort = system.integer(ModelServerConfig.PORT, LOCAL_MODEL_SERVER_PORT, 0, 65535);
            requireFreePort("127.0.0.1", modelPort);
            Env env = system.withOverrides(stack.environment(names));
            env = env.withOverrides(Map.of(
                    ModelServerConfig.PORT,
                    Integer.toString(modelPort),
                    ModelServerConfig.HOST,
                    "127.0.0.1",
                    AwsService.SAGEMAKER_RUNTIME.endpointVariable(),
                    "http://127.0.0.1:" + modelPort));
            ModelServerConfig modelServer = ModelServerConfig.from(env);
            Map<String, String> forJobs = new LinkedHashMap<>(stack.environment(names));
            forJobs.put(AwsService.SAGEMAKER_RUNTIME.endpointVariable(), "http://127.0.0.1:" + modelPort);
            Path localEnvironment = LocalEnvironmentFile.path(system);
            InteractionsWorkerConfig worker = InteractionsWorkerConfig.from(env);
            AnalysisWorkerConfig analysis = AnalysisWorkerConfig.from(env);
            ApiRoleConfig apiRole = ApiRoleConfig.from(env);
            process = new GlintProcess(env, "local");
            // Before the API listens, so that no sign-up can take the name first.
            process.ensureAdminAccount(apiRole, adminPassword);
            ModelServer ranking = await(process.deployModelServer(modelServer));
            int port = await(process.deployApi(apiRole));
            await(process.deployStreamWorker(worker));
            await(process.deployAnalysisWorker(analysis));
            HealthReport report = awaitHealthy(process, Duration.ofSeconds(60));
            LocalEnvironmentFile.write(localEnvironment, forJobs);
            addShutdownHook(process, stack, localEnvironment);
            String url = "http://localhost:" + port;
            out.printf(
                    "%nGlint is running at %s (local stack %.1f s, all UP in %.1f s: %s)%n",
                    url,
                    stackSeconds,
                    seconds(started),
                    String.join(", ", report.checks().keySet()));
            out.printf("  health    %s/health%n  metrics   %s/metrics%n  contract  %s/openapi.yaml%n", url, url, url);
            out.printf(
                    "  model     http://127.0.0.1:%d/ping (serving %s; train and promote one with ./glint train)%n",
                    ranking.port(),
                    ranking.currentVersion().orElse("no model yet: recommendations rank by popularity"));
            out.println(adminLine(adminPassword));
            out.println("Press Ctrl-C to stop.");
        } catch (RuntimeException e) {
            if (process != null) {
                process.close();
            }
            stack.close();
            throw e;
        }
    }

    /**
     * The banner's line about the seeded admin account: a generated password is shown here, once (it is never logged);
     * a chosen one is not repeated.
     */
    static String adminLine(AdminAccount.Password password) {
        String account = "  admin     username " + AdminAccount.USERNAME + ", password ";
        return password.generated()
                ? account + password.value() + " (generated for this run; set " + AdminAccount.PASSWORD
                        + " to choose it)"
                : account + "from " + AdminAccount.PASSWORD;
    }

    private static HealthReport awaitHealthy(GlintProcess process, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        HealthReport report;
        do {
            report = await(process.health().report());
            if (report.up()) {
                return report;
            }
            sleep(Duration.ofMillis(250));
        } while (System.nanoTime() < deadline);
        throw new LocalStackException(
                "the local stack did not become healthy in " + limit.toSeconds() + " s: " + describeDown(report));
    }

    private static String describeDown(HealthReport report) {
        StringBuilder down = new StringBuilder();
        report.checks().forEach((name, result) -> {
            if (result.status() != HealthReport.Status.UP) {
                down.append(name).append(" (").append(result.error()).append(") ");
            }
        });
        return down.toString().trim();
    }

    private static void addShutdownHook(GlintProcess process, LocalStack stack, Path environment) {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            LOG.info("Stopping Glint");
                            LocalEnvironmentFile.delete(environment);
                            process.close();
                            stack.close();
                        },
                        "glint-shutdown"));
    }

    /** Fails with one line naming the port when something already listens on it. */
    static void requireFreePort(String host, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new ConfigException("port " + port + " is already in use (set " + ApiConfig.PORT
                    + " to a free port, or stop what holds it)");
        }
    }

    /** Start-up polling on the main thread; never called from an event loop. */
    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}

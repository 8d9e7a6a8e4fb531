package io.glint.launcher;

import io.glint.api.ApiConfig;
import io.glint.api.ApiRoleConfig;
import io.glint.api.admin.AdminAccount;
import io.glint.core.aws.AwsConfig;
import io.glint.core.aws.AwsService;
import io.glint.core.config.ConfigException;
import io.glint.core.config.Env;
import io.glint.core.config.ResourceNames;
import io.glint.core.config.RunMode;
import io.glint.core.health.HealthReport;
import io.glint.localstack.LocalStack;
import io.glint.localstack.LocalStackException;
import io.glint.localstack.LocalStackOptions;
import io.glint.modelserver.ModelServer;
import io.glint.modelserver.ModelServerConfig;
import io.glint.streams.analysis.AnalysisWorkerConfig;
import io.glint.streams.interactions.InteractionsWorkerConfig;
import io.glint.training.EvaluateCommand;
import io.glint.training.ImportCommand;
import io.glint.training.ModelsCommand;
import io.glint.training.TrainCommand;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The one command-line entry point ({@code ./glint}). {@code local} runs the local stack and every role in one process;
 * every other command runs one role against the AWS endpoints in the environment, as a Fargate task does.
 */
public final class Main {
    /** Local runs use a 2-shard stream, so that lease balancing is visible from the start. */
    static final int LOCAL_SHARDS = 2;
    /** The local model server's port unless {@code SAGEMAKER_BIND_TO_PORT} says otherwise (the API has 8080). */
    static final int LOCAL_MODEL_SERVER_PORT = 8081;

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    private static final String USAGE =
            """
            Usage: glint <command>

            Commands:
              local           run the local AWS stand-ins and every Glint role in this process
              api             run the HTTP API against AWS (environment: see README, Configuration)
              stream-workers  run a KCL worker on the interactions stream against AWS
              analysis-workers
                              run the upload analysis worker on the uploads queue against AWS
              model-server    serve the promoted ranking model (SageMaker container contract; also 'serve')
              evaluate        train and evaluate on a ratings file alone, no stack: evaluate --ratings FILE
                              --format movielens|csv|tsv [--catalog FILE] [--out DIR]
              generate-dataset
                              write a synthetic data set with planted preferences: generate-dataset --out DIR
              import          load a ratings file (and catalog) into the stores and the event archive:
                              import --ratings FILE --format F [--catalog FILE] [--replace]
              train           train on the event archive, evaluate, publish to the model registry:
                              train [--promote] [--out DIR]
              models          the model registry: models list | models promote VERSION | models rollback

            Jobs against a running ./glint local take --local; without it they run against AWS.
              help            show this text

            (./glint test, handled by the script, runs the whole test suite.)
            """;

    private Main() {}

    public static void main(String[] args) {
        // One log format: what libraries write to java.util.logging goes through SLF4J too.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        int exit = new Cli(System.out, System.err).run(args);
        if (exit != Cli.KEEP_RUNNING) {
            System.exit(exit);
        }
    }

    /** The command line, with its output streams injected for tests. */
    static final class Cli {
        static final int KEEP_RUNNING = -1;
        private final PrintStream out;
        private final PrintStream err;
        private java.nio.file.Path localEnvironment;

        Cli(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }

        int run(String[] args) {
            String command = args.length == 0 ? "help" : args[0].toLowerCase(Locale.ROOT);
            try {
                return switch (command) {
                    case "local" -> local();
                    case "api" -> role("api", Env.system(RunMode.AWS), true, false, false);
                    case "stream-workers" -> role("stream-workers", Env.system(RunMode.AWS), false, true, false);
                    case "analysis-workers" -> role("analysis-workers", Env.system(RunMode.AWS), false, false, true);
                    case "model-server", "serve" -> modelServer(Env.system(RunMode.AWS));
                    case "evaluate", "generate", "generate-dataset" -> EvaluateCommand.run(List.of(args), out, err);
                    case "import" -> job(args, ImportCommand::run);
                    case "train" -> job(args, TrainCommand::run);
                    case "models" -> job(args, ModelsCommand::run);
                    case "help", "-h", "--help" -> {
                        out.print(USAGE);
                        yield 0;
                    }
                    default -> {
                        err.println("glint: unknown command '" + args[0] + "'");
                        err.print(USAGE);
                        yield 64;
                    }
                };
            } catch (ConfigException | LocalStackException e) {
                err.println("glint: " + e.getMessage());
                return 2;
            }
        }

        /** A job's entry point: its arguments (the command first), the environment, the output streams. */
        interface Job {
            int run(List<String> args, Env env, PrintStream out, PrintStream err);
        }

        /**
         * Runs a job against AWS, or with {@code --local} against the running {@code glint local} (whose environment it
         * reads from {@code $GLINT_HOME/local.env}).
         */
        private int job(String[] args, Job job) {
            List<String> arguments = new java.util.ArrayList<>(List.of(args));
            boolean local = arguments.remove("--local");
            Env env = local ? LocalEnvironmentFile.read(Env.system(RunMode.LOCAL)) : Env.system(RunMode.AWS);
            return job.run(arguments, env, out, err);
        }

        private int modelServer(Env env) {
            ModelServerRole server = ModelServerRole.start(env);
            out.println("glint model-server listening on port " + server.port());
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "glint-shutdown"));
            return KEEP_RUNNING;
        }

        private int local() {
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
                Map<String, String> forJobs = new java.util.LinkedHashMap<>(stack.environment(names));
                forJobs.put(AwsService.SAGEMAKER_RUNTIME.endpointVariable(), "http://127.0.0.1:" + modelPort);
                localEnvironment = LocalEnvironmentFile.path(system);
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
                out.printf(
                        "  health    %s/health%n  metrics   %s/metrics%n  contract  %s/openapi.yaml%n", url, url, url);
                out.printf(
                        "  model     http://127.0.0.1:%d/ping (serving %s; train and promote one with ./glint train)%n",
                        ranking.port(),
                        ranking.currentVersion().orElse("no model yet: recommendations rank by popularity"));
                out.println(adminLine(adminPassword));
                out.println("Press Ctrl-C to stop.");
                return KEEP_RUNNING;
            } catch (RuntimeException e) {
                if (process != null) {
                    process.close();
                }
                stack.close();
                throw e;
            }
        }

        /**
         * The banner's line about the seeded admin account: a generated password is shown here, once (it is never
         * logged); a chosen one is not repeated.
         */
        static String adminLine(AdminAccount.Password password) {
            String account = "  admin     username " + AdminAccount.USERNAME + ", password ";
            return password.generated()
                    ? account + password.value() + " (generated for this run; set " + AdminAccount.PASSWORD
                            + " to choose it)"
                    : account + "from " + AdminAccount.PASSWORD;
        }

        private int role(String role, Env env, boolean api, boolean streamWorker, boolean analysisWorker) {
            // Every record this role needs, before anything starts: the first bad variable is the one reported, AWS
            // settings first.
            AwsConfig.from(env);
            ResourceNames.from(env);
            ApiRoleConfig apiConfig = api ? ApiRoleConfig.from(env) : null;
            InteractionsWorkerConfig workerConfig = streamWorker ? InteractionsWorkerConfig.from(env) : null;
            AnalysisWorkerConfig analysisConfig = analysisWorker ? AnalysisWorkerConfig.from(env) : null;
            GlintProcess process = new GlintProcess(env, role);
            try {
                if (api) {
                    int port = await(process.deployApi(apiConfig));
                    out.println("glint " + role + " listening on port " + port);
                }
                if (streamWorker) {
                    await(process.deployStreamWorker(workerConfig));
                    out.println(
                            "glint " + role + " consuming " + process.names().interactionsStream());
                }
                if (analysisWorker) {
                    await(process.deployAnalysisWorker(analysisConfig));
                    out.println(
                            "glint " + role + " consuming " + process.names().uploadsQueue());
                }
                addShutdownHook(process, null, null);
                return KEEP_RUNNING;
            } catch (RuntimeException e) {
                process.close();
                throw e;
            }
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

        private static void addShutdownHook(GlintProcess process, LocalStack stack, java.nio.file.Path environment) {
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                LOG.info("Stopping Glint");
                                if (environment != null) {
                                    LocalEnvironmentFile.delete(environment);
                                }
                                process.close();
                                if (stack != null) {
                                    stack.close();
                                }
                            },
                            "glint-shutdown"));
        }
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

    /** Waits on the main thread (never an event loop) for a start-up step; its failure is rethrown as it is. */
    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException("start-up step timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
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

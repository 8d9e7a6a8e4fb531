package io.glint.launcher;

import io.glint.api.ApiRoleConfig;
import io.glint.core.aws.AwsConfig;
import io.glint.core.config.ConfigException;
import io.glint.core.config.Env;
import io.glint.core.config.ResourceNames;
import io.glint.core.config.RunMode;
import io.glint.streams.analysis.AnalysisWorkerConfig;
import io.glint.streams.interactions.InteractionsWorkerConfig;
import io.glint.training.EvaluateCommand;
import io.glint.training.ImportCommand;
import io.glint.training.ModelsCommand;
import io.glint.training.TrainCommand;
import io.vertx.core.Future;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The command-line entry point of what ships ({@code glint.jar}, the image every Fargate task and the SageMaker
 * endpoint run): one command per role, which runs that role against the AWS endpoints in the environment, and the jobs.
 * The local run ({@code ./glint local}: the local AWS stand-ins and every role in one process) is not here: it lives in
 * the {@code local-run} module, whose own jar adds the local stack to these commands, so that no stand-in ships.
 */
public final class Main {
    /** {@link Cli#run} returns it when a server was started: the process keeps running until it is stopped. */
    public static final int KEEP_RUNNING = -1;

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    private static final String USAGE =
            """
            Usage: glint <command>

            Commands:
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

            (Handled by the script, from a source checkout: ./glint local runs the local AWS stand-ins and every role
            in one process, from the local-run module, which the image does not contain; ./glint test runs the whole
            test suite.)
            """;

    private Main() {}

    public static void main(String[] args) {
        bridgeJavaUtilLogging();
        exit(new Cli(System.out, System.err).run(args));
    }

    /** One log format: what libraries write to {@code java.util.logging} goes through SLF4J too. */
    public static void bridgeJavaUtilLogging() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    /** Ends the JVM with a command's exit code, unless the command started a server ({@link #KEEP_RUNNING}). */
    public static void exit(int code) {
        if (code != KEEP_RUNNING) {
            System.exit(code);
        }
    }

    /** The command line, with its output streams injected for tests. */
    public static final class Cli {
        private final PrintStream out;
        private final PrintStream err;

        public Cli(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }

        /**
         * Runs one command. A configuration error is printed as one line and returns 2, an unknown command 64.
         *
         * @return the exit code, or {@link #KEEP_RUNNING} when the command started a server
         */
        public int run(String[] args) {
            String command = args.length == 0 ? "help" : args[0].toLowerCase(Locale.ROOT);
            try {
                return switch (command) {
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
                    case "local" -> {
                        err.println("glint: 'local' is not part of this build: the local AWS stand-ins ship only with"
                                + " the local run (./glint local in a source checkout, module local-run)");
                        yield 64;
                    }
                    default -> {
                        err.println("glint: unknown command '" + args[0] + "'");
                        err.print(USAGE);
                        yield 64;
                    }
                };
            } catch (ConfigException e) {
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
            List<String> arguments = new ArrayList<>(List.of(args));
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
                addShutdownHook(process);
                return KEEP_RUNNING;
            } catch (RuntimeException e) {
                process.close();
                throw e;
            }
        }

        private static void addShutdownHook(GlintProcess process) {
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                LOG.info("Stopping Glint");
                                process.close();
                            },
                            "glint-shutdown"));
        }
    }

    /**
     * Waits on the main thread (never an event loop) for a start-up step; its failure is rethrown as it is.
     *
     * @throws IllegalStateException when the step takes longer than two minutes, or fails with a checked exception
     */
    public static <T> T await(Future<T> future) {
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
}

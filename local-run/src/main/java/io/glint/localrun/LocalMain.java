package io.glint.localrun;

import io.glint.core.config.ConfigException;
import io.glint.launcher.Main;
import io.glint.localstack.LocalStackException;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The entry point of the local run's jar ({@code ./glint local}): {@code local} starts the local AWS stand-ins and every
 * role in this process; any other command is the production launcher's, as {@code glint.jar} runs it. The stand-ins
 * are on this jar's class path and on no other: the image ships {@code glint.jar} alone.
 */
public final class LocalMain {
    private LocalMain() {}

    public static void main(String[] args) {
        Main.bridgeJavaUtilLogging();
        Main.exit(run(args, System.out, System.err));
    }

    /**
     * Runs one command. A configuration error, or a stand-in that cannot start, is printed as one line and returns 2.
     *
     * @return the exit code, or {@link Main#KEEP_RUNNING} when Glint was started
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || !args[0].toLowerCase(Locale.ROOT).equals("local")) {
            return new Main.Cli(out, err).run(args);
        }
        try {
            new LocalRun(out).start();
            return Main.KEEP_RUNNING;
        } catch (ConfigException | LocalStackException e) {
            err.println("glint: " + e.getMessage());
            return 2;
        }
    }
}

package io.glint.training;

import io.glint.core.aws.AwsFutures;
import io.glint.core.config.ConfigException;
import io.glint.core.error.ConflictException;
import io.glint.core.error.InvalidException;
import io.glint.core.error.NotFoundException;
import io.glint.training.CommandLine.UsageException;
import io.glint.training.data.DataFileException;
import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what stopped a command into its exit code and one line on {@code err}: 2 for what the person running it can
 * fix (usage, a bad input file, configuration, a refused import, an unknown model version), 1 for anything else (a
 * store that failed), whose stack trace goes to the log.
 */
final class Failures {
    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private Failures() {}

    static int report(String command, Throwable thrown, PrintStream err) {
        Throwable error = AwsFutures.unwrap(thrown);
        if (error instanceof UsageException
                || error instanceof DataFileException
                || error instanceof OfflineEvaluation.NotEnoughDataException
                || error instanceof RefusedException
                || error instanceof ConfigException
                || error instanceof InvalidException
                || error instanceof NotFoundException
                || error instanceof ConflictException) {
            err.println(command + ": " + oneLine(error.getMessage()));
            return USAGE;
        }
        if (error instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            err.println(command + ": interrupted");
            return FAILED;
        }
        LOG.error("{} failed", command, error);
        err.println(command + ": failed: " + oneLine(String.valueOf(error)));
        return FAILED;
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}

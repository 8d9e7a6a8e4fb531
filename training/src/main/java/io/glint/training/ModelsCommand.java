package io.glint.training;

import com.fasterxml.jackson.databind.JsonNode;
import io.glint.core.config.Env;
import io.glint.core.error.ConflictException;
import io.glint.model.registry.ModelIds;
import io.glint.model.registry.ModelRegistry;
import io.glint.model.registry.ModelVersion;
import io.glint.model.registry.Promotion;
import io.glint.training.CommandLine.UsageException;
import io.glint.training.stores.Stores;
import java.io.PrintStream;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ./glint models}: the model registry for operators, thin over {@link ModelRegistry}.
 *
 * <pre>
 * models list [--name ranking]               versions, newest first: created, promoted (*), NDCG@10 and HR@10
 * models promote VERSION [--name ranking]    serve VERSION
 * models rollback [--name ranking]           serve the previously promoted version again
 * </pre>
 *
 * Exit 0 on success; 2 for a usage error, an unknown or malformed version, or nothing to roll back (one line); 1 when
 * S3 fails.
 */
public final class ModelsCommand {
    static final String COMMAND = "models";
    static final String USAGE = "usage: models list [--name ranking] | models promote VERSION [--name ranking]"
            + " | models rollback [--name ranking]";

    private static final Set<String> OPTIONS = Set.of("name");
    private static final String ROW_FORMAT = "%-24s  %-20s  %-8s  %-13s  %-11s  %s%n";

    private ModelsCommand() {}

    /**
     * Runs a registry command.
     *
     * @param args {@code list}, {@code promote VERSION} or {@code rollback} and options, with or without {@code models}
     *     in front
     * @param env where the models bucket is
     * @return 0 on success, 2 for a usage error, an unknown version or nothing to roll back, 1 when S3 fails
     */
    public static int run(List<String> args, Env env, PrintStream out, PrintStream err) {
        String command = COMMAND;
        try {
            CommandLine options =
                    CommandLine.parse(CommandLine.withoutCommand(args, COMMAND), OPTIONS, Set.of(), 2, USAGE);
            if (options.help()) {
                out.println(USAGE);
                return Failures.OK;
            }
            List<String> positional = options.positional();
            if (positional.isEmpty()) {
                throw new UsageException("which one: list, promote VERSION or rollback? " + USAGE);
            }
            String action = positional.get(0);
            command = COMMAND + " " + action;
            String name = ModelIds.checkName(options.get("name", TrainCommand.DEFAULT_NAME));
            switch (action) {
                case "list":
                    noMoreArguments(positional, 1);
                    return withRegistry(env, registry -> list(registry, name, out));
                case "promote":
                    if (positional.size() < 2) {
                        throw new UsageException("promote needs the VERSION to promote; " + USAGE);
                    }
                    String version = ModelIds.checkVersion(positional.get(1));
                    return withRegistry(env, registry -> promote(registry, name, version, out));
                case "rollback":
                    noMoreArguments(positional, 1);
                    return withRegistry(env, registry -> rollback(registry, name, out));
                default:
                    command = COMMAND;
                    throw new UsageException("unknown models command '" + action + "'; " + USAGE);
            }
        } catch (Exception e) {
            return Failures.report(command, e, err);
        }
    }

    @FunctionalInterface
    private interface RegistryAction {
        int run(ModelRegistry registry);
    }

    private static int withRegistry(Env env, RegistryAction action) {
        try (Stores stores = Stores.open(env)) {
            return action.run(stores.registry());
        }
    }

    private static void noMoreArguments(List<String> positional, int expected) throws UsageException {
        if (positional.size() > expected) {
            throw new UsageException("unexpected argument '" + positional.get(expected) + "'; " + USAGE);
        }
    }

    private static int list(ModelRegistry registry, String name, PrintStream out) {
        List<ModelVersion> versions = registry.versions(name).await();
        if (versions.isEmpty()) {
            out.println("model '" + name + "' has no version yet; train one with: train");
            return Failures.OK;
        }
        out.printf(
                Locale.ROOT,
                ROW_FORMAT,
                "VERSION",
                "CREATED",
                "PROMOTED",
                "NDCG@10 full",
                "HR@10 full",
                "popularity NDCG@10");
        for (ModelVersion version : versions) {
            out.printf(
                    Locale.ROOT,
                    ROW_FORMAT,
                    version.version(),
                    version.createdAt().truncatedTo(ChronoUnit.SECONDS),
                    version.promoted() ? "*" : "",
                    metric(version.metrics(), "model", "ndcg@10"),
                    metric(version.metrics(), "model", "hr@10"),
                    metric(version.metrics(), "popularity", "ndcg@10"));
        }
        return Failures.OK;
    }

    /** A full-ranking metric of {@code metrics.json} as {@code train} writes it, or "-" when it has none. */
    static String metric(JsonNode metrics, String method, String metric) {
        JsonNode value = metrics.path(method).path("full").path(metric);
        return value.isNumber() ? String.format(Locale.ROOT, "%.4f", value.asDouble()) : "-";
    }

    private static int promote(ModelRegistry registry, String name, String version, PrintStream out) {
        Promotion promotion = registry.promote(name, version).await();
        out.println("promoted model '" + name + "' version " + version
                + (promotion.history().isEmpty()
                        ? ""
                        : " (previously " + promotion.history().get(0) + ")"));
        return Failures.OK;
    }

    private static int rollback(ModelRegistry registry, String name, PrintStream out) {
        Optional<String> was = registry.promoted(name).await();
        Promotion promotion;
        try {
            promotion = registry.rollback(name).await();
        } catch (ConflictException e) {
            throw new RefusedException("nothing to roll back: " + e.getMessage());
        }
        out.println("rolled back model '" + name + "' to version " + promotion.version()
                + was.map(version -> " (was " + version + ")").orElse(""));
        return Failures.OK;
    }
}

package io.glint.training;

import io.glint.core.config.Env;
import io.glint.training.synthetic.SyntheticConfig;
import io.glint.training.synthetic.SyntheticDataset;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/** One run of a command with its exit code and what it printed; and the fixtures the command tests share. */
public record CommandRun(int exit, String out, String err) {

    /** An entry point: {@code ImportCommand::run}, {@code TrainCommand::run}, {@code ModelsCommand::run}. */
    @FunctionalInterface
    public interface EntryPoint {
        int run(List<String> args, Env env, PrintStream out, PrintStream err);
    }

    /** Runs a command and keeps what it printed (echoed to the test's own output, for a failing test's log). */
    public static CommandRun of(EntryPoint command, Env env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = command.run(
                List.of(args),
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        CommandRun run =
                new CommandRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        System.out.println("$ " + String.join(" ", args) + "  -> " + exit + "\n" + run.out + run.err);
        return run;
    }

    /** The lines of {@code err} that are not progress (progress lines name a stage and end with a time or a %). */
    public List<String> errorLines() {
        return err.lines()
                .filter(line -> !line.contains(": done,") && !line.matches(".*: \\d+% .*"))
                .toList();
    }

    /**
     * Writes a synthetic data set whose user and item ids start with {@code prefix}, so that tests sharing a feature
     * store do not meet each other's documents.
     */
    public static SyntheticDataset.Written synthetic(Path dir, String prefix, int users, int items, long seed)
            throws IOException {
        SyntheticDataset.Written written = SyntheticDataset.write(
                dir, SyntheticConfig.defaults().withSize(users, items).withSeed(seed));
        prefixIds(written.ratings(), prefix, 2);
        prefixIds(written.catalog(), prefix, 1);
        return written;
    }

    private static void prefixIds(Path file, String prefix, int fields) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> prefixed = new ArrayList<>();
        prefixed.add(lines.get(0)); // The header.
        for (String line : lines.subList(1, lines.size())) {
            String[] parts = line.split(",", fields + 1);
            StringBuilder rewritten = new StringBuilder();
            for (int i = 0; i < parts.length; i++) {
                if (i > 0) {
                    rewritten.append(',');
                }
                rewritten.append(i < fields ? prefix + parts[i] : parts[i]);
            }
            prefixed.add(rewritten.toString());
        }
        Files.write(file, prefixed, StandardCharsets.UTF_8);
    }

    /** The keys under a prefix of a bucket, ascending. */
    public static List<String> keys(S3AsyncClient s3, String bucket, String prefix) {
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            String continuation = token;
            ListObjectsV2Response page = s3.listObjectsV2(
                            request -> request.bucket(bucket).prefix(prefix).continuationToken(continuation))
                    .join();
            page.contents().stream().map(S3Object::key).forEach(keys::add);
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        keys.sort(null);
        return keys;
    }
}

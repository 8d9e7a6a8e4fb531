package io.glint.training;

import io.glint.core.config.Env;
import io.glint.domain.candidates.CandidateList;
import io.glint.domain.candidates.CandidateListBuilder;
import io.glint.domain.catalog.CatalogItem;
import io.glint.training.data.Catalog;
import io.glint.training.data.CatalogReader;
import io.glint.training.data.RatingsFileSource;
import io.glint.training.importing.FeatureDocuments;
import io.glint.training.importing.ImportArchive;
import io.glint.training.importing.PreparedImport;
import io.glint.training.stores.Stores;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ./glint import}: loads a data set into a running Glint, so that the live system serves it.
 *
 * <pre>
 * import --ratings FILE --format movielens|csv|tsv [--catalog FILE] [--threshold T] [--replace]
 * </pre>
 *
 * <ol>
 *   <li>Reads and checks both files whole, then replays the events through the stream workers' fold in memory ({@link
 *       PreparedImport}); a bad line stops it before anything is written (exit 2, file, line and reason).
 *   <li>Reads which of the data set's user and item documents the feature store holds already: any, or an earlier
 *       import of another file of the same name in the archive, stop it (exit 2, nothing written) unless {@code
 *       --replace}.
 *   <li>Writes the events to the event archive ({@link ImportArchive}: the stream workers' layout, partitioned by each
 *       event's own hour, ids and keys derived from the data set, so importing again overwrites).
 *   <li>Writes a catalog row per item ({@link PreparedImport#catalogRows}).
 *   <li>Writes the user and item documents ({@link FeatureDocuments}: created at version 1, or with {@code --replace}
 *       stored ones overwritten at their version + 1), 64 in flight.
 *   <li>Builds the candidate lists (popular, trending, per category) from the final item documents and writes them, so
 *       recommendations work before the candidate indexer's next run (which rebuilds them from every item).
 * </ol>
 *
 * A failure half way leaves what was written; importing again with {@code --replace} completes it, since every step
 * writes the same keys with the same content.
 */
public final class ImportCommand {
    static final String COMMAND = "import";
    static final String USAGE =
            "usage: import --ratings FILE --format movielens|csv|tsv [--catalog FILE] [--threshold T] [--replace]";

    private static final Set<String> OPTIONS = Set.of("ratings", "format", "catalog", "threshold");
    private static final Set<String> FLAGS = Set.of("replace");
    /** Catalog rows per round of batch writes. */
    private static final int CATALOG_CHUNK = 1_000;

    private ImportCommand() {}

    /**
     * Runs the import.
     *
     * @param args the command's arguments, with or without {@code import} in front
     * @param env where the stores are (the local stack's endpoints and resource names, or AWS's)
     * @return 0 on success (a summary on {@code out}); 2 for a usage error, a bad input file, or documents that exist
     *     already without {@code --replace}; 1 when a store fails. Progress goes to {@code err}.
     */
    public static int run(List<String> args, Env env, PrintStream out, PrintStream err) {
        try {
            CommandLine options =
                    CommandLine.parse(CommandLine.withoutCommand(args, COMMAND), OPTIONS, FLAGS, 0, USAGE);
            if (options.help()) {
                out.println(USAGE);
                return Failures.OK;
            }
            return importDataset(options, env, out, Progress.forConsole(err));
        } catch (Exception e) {
            return Failures.report(COMMAND, e, err);
        }
    }

    private static int importDataset(CommandLine options, Env env, PrintStream out, Progress progress)
            throws Exception {
        long started = System.nanoTime();
        options.required("ratings", "--ratings FILE is required; " + USAGE);
        RatingsFileSource source = EvaluateCommand.ratingsSource(options);
        boolean replace = options.has("replace");

        Catalog catalog =
                options.has("catalog") ? CatalogReader.read(Path.of(options.get("catalog"))) : Catalog.empty();
        PreparedImport prepared = PreparedImport.prepare(source, catalog, progress);
        String fileName = prepared.file().getFileName().toString();

        try (Stores stores = Stores.open(env)) {
            ImportArchive archive =
                    new ImportArchive(stores.s3(), stores.names().archiveBucket());
            FeatureDocuments documents = new FeatureDocuments(stores.features());
            FeatureDocuments.Existing existing;
            Optional<ImportArchive.Manifest> previous;
            try (Progress.Stage stage = progress.start("checking what is stored", 0)) {
                existing = documents.existing(prepared);
                previous = archive.manifest(fileName);
                stage.set(prepared.userCount() + (long) prepared.items().length);
                stage.detail(String.format(
                        Locale.ROOT,
                        "%,d user and %,d item documents exist",
                        existing.users().size(),
                        existing.items().size()));
            }
            if (!replace) {
                refuseOverwrites(prepared, existing, previous, archive.manifestUrl(fileName));
            }
            Instant now = stores.clock().instant();

            List<String> keys = archive.write(prepared, previous, now, progress);

            List<CatalogItem> rows = prepared.catalogRows(now);
            try (Progress.Stage stage = progress.start("writing the catalog", rows.size())) {
                for (int from = 0; from < rows.size(); from += CATALOG_CHUNK) {
                    int to = Math.min(rows.size(), from + CATALOG_CHUNK);
                    stores.catalog().putAll(rows.subList(from, to)).await();
                    stage.set(to);
                }
            }

            FeatureDocuments.Written written;
            try (Progress.Stage stage = progress.start(
                    "writing feature documents", prepared.userCount() + (long) prepared.items().length)) {
                written = documents.write(prepared, existing, stage);
            }
            if (written.conflicts() > 0) {
                throw new RefusedException(String.format(
                        Locale.ROOT,
                        "%,d feature documents were created by another writer during the import and were not"
                                + " written; import again with --replace",
                        written.conflicts()));
            }

            List<CandidateList> lists;
            try (Progress.Stage stage = progress.start("writing candidate lists", 0)) {
                CandidateListBuilder builder = new CandidateListBuilder();
                for (int i : prepared.items()) {
                    builder.add(prepared.item(i).view(now, 1));
                }
                lists = builder.build(now);
                stores.candidateLists().write(lists).await();
                stage.set(lists.size());
            }

            out.println(String.format(
                    Locale.ROOT,
                    "imported %s (data set %s) in %.1f s",
                    prepared.file(),
                    prepared.datasetId(),
                    (System.nanoTime() - started) / 1e9));
            out.println(String.format(
                    Locale.ROOT,
                    "  %,d users, %,d items (%,d catalog rows), %,d events from %s to %s",
                    prepared.userCount(),
                    prepared.items().length,
                    rows.size(),
                    prepared.data().size(),
                    prepared.data().ts(0),
                    prepared.data().ts(prepared.data().size() - 1)));
            out.println(String.format(
                    Locale.ROOT,
                    "  archive: %,d files under s3://%s/events/",
                    keys.size(),
                    stores.names().archiveBucket()));
            out.println(String.format(
                    Locale.ROOT,
                    "  feature documents: %,d created, %,d replaced; %,d candidate lists",
                    written.created(),
                    written.replaced(),
                    lists.size()));
        }
        return Failures.OK;
    }

    private static void refuseOverwrites(
            PreparedImport prepared,
            FeatureDocuments.Existing existing,
            Optional<ImportArchive.Manifest> previous,
            String manifestUrl) {
        if (!existing.isEmpty()) {
            throw new RefusedException(String.format(
                    Locale.ROOT,
                    "%,d user and %,d item feature documents of %s already exist (%s among them); nothing was"
                            + " written. Import with --replace to overwrite them",
                    existing.users().size(),
                    existing.items().size(),
                    prepared.file(),
                    existing.example()));
        }
        if (previous.isPresent() && !previous.get().dataset().equals(prepared.datasetId())) {
            throw new RefusedException(String.format(
                    Locale.ROOT,
                    "the archive holds %,d events of another %s (data set %s, see %s); nothing was written."
                            + " Import with --replace to replace them",
                    previous.get().events(),
                    prepared.file().getFileName(),
                    previous.get().dataset(),
                    manifestUrl));
        }
    }
}

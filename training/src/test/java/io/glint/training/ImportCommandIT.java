package io.glint.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.glint.core.json.Json;
import io.glint.domain.catalog.CatalogItem;
import io.glint.domain.features.FeatureRepository;
import io.glint.domain.features.FeatureRepository.Stored;
import io.glint.domain.features.ItemFeatures;
import io.glint.domain.features.UserFeatures;
import io.glint.featurestore.candidates.DynamoCandidateListRepository;
import io.glint.featurestore.catalog.DynamoCatalogRepository;
import io.glint.featurestore.features.DynamoFeatureRepository;
import io.glint.featurestore.schema.FeatureStoreTables;
import io.glint.localstack.junit.LocalStackExtension;
import io.glint.localstack.junit.TestStack;
import io.glint.training.data.S3EventArchiveSource;
import io.glint.training.synthetic.SyntheticDataset;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * {@code import} against the local stack: a synthetic data set with a catalog goes into the catalog table, the event
 * archive and the feature store, and comes out of them as the file said. Each test's data set has its own id prefix:
 * the class's tests share the stack's resources.
 */
@ExtendWith({VertxExtension.class, LocalStackExtension.class})
class ImportCommandIT {
    private static final Pattern ARCHIVE_KEY = Pattern.compile(
            "events/dt=(\\d{4}-\\d{2}-\\d{2})/hour=(\\d{2})/import-([0-9a-f]{12})-\\d{6}\\.ndjson\\.gz");
    private static final DateTimeFormatter PARTITION =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'/'HH").withZone(ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void anImportIsServedFromEveryStoreAndReimportingReplacesInsteadOfAdding(Vertx vertx, TestStack stack)
            throws Exception {
        SyntheticDataset.Written data = CommandRun.synthetic(dir, "a-", 40, 30, 7);
        String[] importArgs = {
            "import",
            "--ratings",
            data.ratings().toString(),
            "--format",
            "csv",
            "--catalog",
            data.catalog().toString()
        };

        CommandRun imported = CommandRun.of(ImportCommand::run, stack.env(), importArgs);

        assertThat(imported.exit()).as(imported.err()).isZero();
        Ratings ratings = Ratings.read(data.ratings());
        assertThat(imported.out())
                .contains("imported " + data.ratings())
                .contains(String.format("%,d users, %,d items", 40, 30))
                .contains(String.format("%,d events", ratings.events()));

        // The catalog: a row per catalog line, its categories as the file has them.
        List<CatalogItem> rows = new DynamoCatalogRepository(
                        vertx, stack.clients().dynamoDb(), stack.names())
                .findAll(catalogIds(data.catalog()))
                .await();
        assertThat(rows).hasSize(30).allMatch(CatalogItem::available);
        CatalogItem first = rows.stream()
                .filter(row -> row.itemId().equals("a-i0001"))
                .findFirst()
                .orElseThrow();
        assertThat(first.title()).isEqualTo("Travel, post 1");
        assertThat(first.categories()).containsExactly("travel");

        // The feature documents: a user's counts are the file's; items carry their catalog categories.
        FeatureRepository features =
                new DynamoFeatureRepository(vertx, stack.clients().dynamoDb(), stack.names(), Clock.systemUTC());
        Map<String, Stored<UserFeatures>> users =
                features.users(ratings.views().keySet()).await();
        assertThat(users).hasSize(40);
        for (String userId : List.of("a-u0001", "a-u0017", "a-u0040")) {
            Stored<UserFeatures> user = users.get(userId);
            assertThat(user.version()).isEqualTo(1);
            assertThat(user.watermarks()).isEmpty();
            assertThat(user.features().counter("view").total())
                    .as(userId)
                    .isEqualTo(ratings.views().get(userId));
            assertThat(user.features().counter("like").total())
                    .as(userId)
                    .isEqualTo(ratings.likes().getOrDefault(userId, 0L));
        }
        Map<String, Stored<ItemFeatures>> items =
                features.items(List.of("a-i0001", "a-i0002")).await();
        assertThat(items.get("a-i0001").features().categories()).containsExactly("travel");
        assertThat(items.get("a-i0001").features().engagers().estimate()).isPositive();

        // The candidate lists: popular and one per category, from the imported items.
        JsonNode popular = list(stack, "popular");
        assertThat(popular.get("entries").size()).isPositive();
        assertThat(popular.get("entries").get(0).get("itemId").asText()).startsWith("a-i");
        assertThat(list(stack, "category:travel").get("entries").size()).isPositive();

        // The archive: the ShardArchive layout, partitioned by each event's own hour, every event once.
        List<String> keys = importKeys(stack);
        assertThat(keys).isNotEmpty().allMatch(key -> ARCHIVE_KEY.matcher(key).matches());
        S3EventArchiveSource archive =
                new S3EventArchiveSource(stack.clients().s3(), stack.names().archiveBucket());
        List<String> misplaced = new ArrayList<>();
        Map<String, Long> viewsPerUser = new HashMap<>();
        long archived = archive.read((userId, itemId, type, ts, context) -> {
            if (type == io.glint.events.EventType.VIEW) {
                viewsPerUser.merge(userId, 1L, Long::sum);
            }
        });
        assertThat(archived).isEqualTo(ratings.events());
        assertThat(archive.duplicates()).isZero();
        assertThat(viewsPerUser).isEqualTo(ratings.views());
        for (String key : keys) {
            Matcher matcher = ARCHIVE_KEY.matcher(key);
            assertThat(matcher.matches()).isTrue();
            String partition = matcher.group(1) + "/" + matcher.group(2);
            new S3EventArchiveSource(stack.clients().s3(), stack.names().archiveBucket(), key)
                    .read((userId, itemId, type, ts, context) -> {
                        if (!PARTITION.format(ts).equals(partition)) {
                            misplaced.add(key + ": " + ts);
                        }
                    });
        }
        assertThat(misplaced).isEmpty();

        // Again without --replace: refused, nothing changed.
        CommandRun again = CommandRun.of(ImportCommand::run, stack.env(), importArgs);
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.errorLines())
                .singleElement()
                .asString()
                .startsWith("import: 40 user and 30 item feature documents of " + data.ratings() + " already exist")
                .contains("--replace");
        assertThat(features.users(List.of("a-u0001")).await().get("a-u0001").version())
                .isEqualTo(1);

        // Again with --replace: the same archive files, overwritten; the documents at their next version.
        CommandRun replaced = CommandRun.of(ImportCommand::run, stack.env(), withReplace(importArgs));
        assertThat(replaced.exit()).as(replaced.err()).isZero();
        assertThat(replaced.out()).contains("0 created, 70 replaced");
        assertThat(importKeys(stack)).isEqualTo(keys);
        Stored<UserFeatures> user = features.users(List.of("a-u0001")).await().get("a-u0001");
        assertThat(user.version()).isEqualTo(2);
        assertThat(user.features().counter("view").total())
                .isEqualTo(ratings.views().get("a-u0001"));

        // A changed file of the same name with --replace: its events replace the earlier ones in the archive.
        List<String> lines = Files.readAllLines(data.ratings(), StandardCharsets.UTF_8);
        Files.write(data.ratings(), lines.subList(0, lines.size() - 25), StandardCharsets.UTF_8);
        Ratings fewer = Ratings.read(data.ratings());
        CommandRun changed = CommandRun.of(ImportCommand::run, stack.env(), withReplace(importArgs));
        assertThat(changed.exit()).as(changed.err()).isZero();
        List<String> changedKeys = importKeys(stack);
        assertThat(changedKeys).doesNotContainAnyElementsOf(keys);
        assertThat(archive.read((userId, itemId, type, ts, context) -> {})).isEqualTo(fewer.events());
        assertThat(archive.duplicates()).isZero();
    }

    @Test
    void aBadLineStopsTheImportBeforeAnythingIsWritten(Vertx vertx, TestStack stack) throws IOException {
        SyntheticDataset.Written data = CommandRun.synthetic(dir, "b-", 10, 12, 9);
        List<String> lines = new ArrayList<>(Files.readAllLines(data.ratings(), StandardCharsets.UTF_8));
        int bad = 57;
        lines.set(bad - 1, "b-u0003,b-i0004,4,yesterday");
        Files.write(data.ratings(), lines, StandardCharsets.UTF_8);
        List<String> keysBefore = importKeys(stack);

        CommandRun run = CommandRun.of(
                ImportCommand::run,
                stack.env(),
                "import",
                "--ratings",
                data.ratings().toString(),
                "--format",
                "csv",
                "--catalog",
                data.catalog().toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.errorLines())
                .containsExactly("import: " + data.ratings() + " line " + bad
                        + ": timestamp 'yesterday' is not epoch seconds, epoch millis or ISO-8601");
        assertThat(run.out()).isEmpty();
        assertThat(importKeys(stack)).isEqualTo(keysBefore);
        assertThat(new DynamoCatalogRepository(vertx, stack.clients().dynamoDb(), stack.names())
                        .findAll(catalogIds(data.catalog()))
                        .await())
                .isEmpty();
        FeatureRepository features =
                new DynamoFeatureRepository(vertx, stack.clients().dynamoDb(), stack.names(), Clock.systemUTC());
        assertThat(features.users(List.of("b-u0001", "b-u0003")).await()).isEmpty();
        assertThat(features.items(List.of("b-i0001")).await()).isEmpty();
    }

    private static String[] withReplace(String[] args) {
        String[] replaced = java.util.Arrays.copyOf(args, args.length + 1);
        replaced[args.length] = "--replace";
        return replaced;
    }

    private static List<String> importKeys(TestStack stack) {
        return CommandRun.keys(stack.clients().s3(), stack.names().archiveBucket(), "events/");
    }

    private static JsonNode list(TestStack stack, String name) throws IOException {
        GetItemResponse item = stack.clients()
                .dynamoDb()
                .getItem(request -> request.tableName(FeatureStoreTables.FEATURES.tableName(stack.names()))
                        .key(Map.of("entityId", AttributeValue.fromS(DynamoCandidateListRepository.key(name))))
                        .consistentRead(true))
                .join();
        assertThat(item.hasItem()).as("list %s", name).isTrue();
        return Json.mapper().readTree(item.item().get("doc").s());
    }

    private static List<String> catalogIds(Path catalog) throws IOException {
        return Files.readAllLines(catalog, StandardCharsets.UTF_8).stream()
                .skip(1)
                .map(line -> line.substring(0, line.indexOf(',')))
                .toList();
    }

    /** What a ratings file says, counted by hand: views (every rating) and likes (4 and up) per user. */
    record Ratings(Map<String, Long> views, Map<String, Long> likes) {
        static Ratings read(Path file) throws IOException {
            Map<String, Long> views = new HashMap<>();
            Map<String, Long> likes = new HashMap<>();
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.split(",");
                views.merge(fields[0], 1L, Long::sum);
                if (Double.parseDouble(fields[2]) >= 4) {
                    likes.merge(fields[0], 1L, Long::sum);
                }
            }
            return new Ratings(views, likes);
        }

        long events() {
            return views.values().stream().mapToLong(Long::longValue).sum()
                    + likes.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}

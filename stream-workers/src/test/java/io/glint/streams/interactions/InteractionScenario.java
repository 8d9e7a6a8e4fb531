package io.glint.streams.interactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.glint.domain.features.FeatureRepository;
import io.glint.domain.features.ItemFeatures;
import io.glint.domain.features.UserFeatures;
import io.glint.events.EventType;
import io.glint.events.InteractionEvent;
import io.glint.localstack.junit.TestStack;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A reproducible workload for the stream workers and its ground truth, computed here independently of the workers'
 * code: generated interactions of many users with a set of labelled items, some records put twice (a producer's
 * retry: a second record with the same event id) and some that are not events at all. The truth is computed from the
 * records in the order the stream holds them (the sequence numbers {@code PutRecords} returned), which is the order a
 * user's events are processed in.
 */
public final class InteractionScenario {
    private static final String[] LABELS = {
        "Dog", "Cat", "Beach", "Mountain", "Food", "Car", "Sunset", "Flower", "City", "Snow", "Book", "Bicycle"
    };
    private static final String[] CATEGORIES = {"Animals", "Travel", "Food and Beverage", "Hobbies"};

    private final Random random;
    private final List<String> users = new ArrayList<>();
    private final List<String> items = new ArrayList<>();
    private final Map<String, String> authors = new HashMap<>();
    private final Map<String, List<String>> labels = new HashMap<>();
    private final Map<String, List<String>> categories = new HashMap<>();
    private final List<InteractionEvent> events = new ArrayList<>();
    /** The records to put, in order: events, repeats of some of them, and malformed ones. */
    private final List<PutRecordsRequestEntry> records = new ArrayList<>();

    private int malformed;
    private int repeats;
    /** Every record put, with the sequence number and shard it got; filled by {@link #put}. */
    private final List<Stored> stored = new ArrayList<>();

    private record Stored(InteractionEvent event, String shardId, String sequenceNumber) {}

    /**
     * @param eventCount how many distinct events
     * @param repeatCount how many of them are put a second time
     * @param malformedCount how many records are not events
     */
    public InteractionScenario(
            long seed, int userCount, int itemCount, int eventCount, int repeatCount, int malformedCount) {
        this.random = new Random(seed);
        for (int i = 0; i < userCount; i++) {
            users.add("u" + seed + "-" + i);
        }
        for (int i = 0; i < itemCount; i++) {
            String item = "p" + seed + "-" + i;
            items.add(item);
            authors.put(item, users.get(random.nextInt(userCount)));
            labels.put(item, List.of(LABELS[random.nextInt(LABELS.length)], LABELS[random.nextInt(LABELS.length)]));
            categories.put(item, List.of(CATEGORIES[random.nextInt(CATEGORIES.length)]));
        }
        Instant start = Instant.now().minus(Duration.ofMinutes(40));
        for (int i = 0; i < eventCount; i++) {
            String user = users.get(random.nextInt(userCount));
            EventType type = type(random.nextInt(100));
            boolean follows = type == EventType.FOLLOW || type == EventType.UNFOLLOW;
            String item = follows ? users.get(random.nextInt(userCount)) : items.get(random.nextInt(itemCount));
            Map<String, String> context = follows ? Map.of() : Map.of("authorId", authors.get(item));
            events.add(InteractionEvent.create(type, user, item, start.plusMillis(200L * i), context));
        }
        List<Integer> repeated = new ArrayList<>();
        for (int i = 0; i < repeatCount; i++) {
            repeated.add(random.nextInt(eventCount));
        }
        int next = 0;
        for (int i = 0; i < events.size(); i++) {
            records.add(entry(events.get(i)));
            // A repeat follows its original a little later, as a producer's retry would.
            for (int r = 0; r < repeated.size(); r++) {
                if (repeated.get(r) == i - 7 || (i == events.size() - 1 && repeated.get(r) > i - 7)) {
                    records.add(entry(events.get(repeated.get(r))));
                    repeats++;
                }
            }
            if (malformed < malformedCount && random.nextInt(Math.max(1, eventCount / malformedCount)) == 0) {
                records.add(PutRecordsRequestEntry.builder()
                        .partitionKey("garbage-" + next++)
                        .data(SdkBytes.fromString(
                                malformed % 2 == 0 ? "{not json" : "{\"v\":1,\"type\":\"teleport\"}",
                                StandardCharsets.UTF_8))
                        .build());
                malformed++;
            }
        }
    }

    private static EventType type(int roll) {
        if (roll < 45) return EventType.VIEW;
        if (roll < 60) return EventType.IMPRESSION;
        if (roll < 75) return EventType.LIKE;
        if (roll < 79) return EventType.UNLIKE;
        if (roll < 88) return EventType.COMMENT;
        if (roll < 91) return EventType.PURCHASE;
        if (roll < 97) return EventType.FOLLOW;
        return EventType.UNFOLLOW;
    }

    private static PutRecordsRequestEntry entry(InteractionEvent event) {
        return PutRecordsRequestEntry.builder()
                .partitionKey(event.userId())
                .data(SdkBytes.fromByteArray(event.encode()))
                .build();
    }

    public List<String> users() {
        return users;
    }

    public List<String> items() {
        return items;
    }

    public int malformedCount() {
        return malformed;
    }

    public int repeatCount() {
        return repeats;
    }

    /** The distinct event ids of the scenario. */
    public Set<String> eventIds() {
        Set<String> ids = new HashSet<>();
        events.forEach(event -> ids.add(event.eventId()));
        return ids;
    }

    /** The records to put, in order. */
    public int recordCount() {
        return records.size();
    }

    /** What image analysis would have written: each item's author, labels and categories. */
    public void seedItems(FeatureRepository features) {
        for (String item : items) {
            ItemFeatures doc = ItemFeatures.empty(item);
            doc.authorId(authors.get(item));
            doc.labels(labels.get(item), categories.get(item));
            assertThat(features.putItem(new FeatureRepository.Stored<>(item, 1, Map.of(), doc))
                            .await())
                    .isTrue();
        }
    }

    /**
     * Puts records {@code from} (inclusive) to {@code to} (exclusive) in {@code PutRecords} calls of 500, retrying the
     * ones the stream refused, in order (a refused record is retried before the next call).
     */
    public void put(TestStack stack, int from, int to) throws Exception {
        putAtRate(stack, from, to, 0);
    }

    /**
     * As {@link #put}, paced to {@code perSecond} records per second on average (0: as fast as the stream takes them),
     * in {@code PutRecords} calls of 500 records, one at a time, so that the stream holds each user's events in the order
     * they were generated, also across a split or merge.
     */
    public void putAtRate(TestStack stack, int from, int to, int perSecond) throws Exception {
        putAtRate(stack, from, to, perSecond, 1);
    }

    /**
     * As {@link #putAtRate(TestStack, int, int, int)}, with up to {@code inFlight} calls at a time, as an API fleet puts
     * them: the order of one user's events in a shard is then the order the stream accepted them in, which is what
     * {@link #truth} goes by (within a shard; not across a resharding).
     */
    public void putAtRate(TestStack stack, int from, int to, int perSecond, int inFlight) throws Exception {
        String stream = stack.names().interactionsStream();
        long started = System.nanoTime();
        Semaphore calls = new Semaphore(inFlight);
        List<CompletableFuture<Void>> puts = new ArrayList<>();
        for (int start = from; start < to; start += 500) {
            if (perSecond > 0) {
                long due = started + (long) ((start - from) * 1e9 / perSecond);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            calls.acquire();
            List<PutRecordsRequestEntry> batch = new ArrayList<>(records.subList(start, Math.min(to, start + 500)));
            puts.add(putUntilAccepted(stack, stream, batch).whenComplete((done, error) -> calls.release()));
        }
        CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
    }

    /** Puts the batch, and again the records the stream refused (throttled), until every one is in. */
    private CompletableFuture<Void> putUntilAccepted(
            TestStack stack, String stream, List<PutRecordsRequestEntry> batch) {
        return stack.clients()
                .kinesis()
                .putRecords(request -> request.streamName(stream).records(batch))
                .thenCompose(response -> {
                    List<PutRecordsRequestEntry> failed = new ArrayList<>();
                    List<Stored> accepted = new ArrayList<>();
                    for (int i = 0; i < batch.size(); i++) {
                        PutRecordsResultEntry result = response.records().get(i);
                        if (result.errorCode() != null) {
                            failed.add(batch.get(i));
                            continue;
                        }
                        byte[] data = batch.get(i).data().asByteArray();
                        if (!batch.get(i).partitionKey().startsWith("garbage-")) {
                            accepted.add(new Stored(
                                    InteractionEvent.decode(data), result.shardId(), result.sequenceNumber()));
                        }
                    }
                    synchronized (stored) {
                        stored.addAll(accepted);
                    }
                    if (failed.isEmpty()) {
                        return CompletableFuture.completedFuture(null);
                    }
                    return CompletableFuture.runAsync(
                                    () -> {}, CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS))
                            .thenCompose(ignored -> putUntilAccepted(stack, stream, failed));
                });
    }

    /** Puts every record. */
    public void putAll(TestStack stack) throws Exception {
        put(stack, 0, records.size());
    }

    // --- The ground truth

    /** What the features must be: computed from the stored records, by user in stream order. */
    public Truth truth() {
        Truth truth = new Truth();
        Map<String, List<Stored>> byUser = new LinkedHashMap<>();
        stored.stream()
                .sorted((a, b) -> new java.math.BigInteger(a.sequenceNumber())
                        .compareTo(new java.math.BigInteger(b.sequenceNumber())))
                .forEach(record -> byUser.computeIfAbsent(record.event().userId(), ignored -> new ArrayList<>())
                        .add(record));
        byUser.forEach((user, records) -> {
            Set<String> seen = new HashSet<>();
            Deque<String> recent = new ArrayDeque<>(); // Newest first, as many engagements as a user document keeps.
            for (Stored record : records) {
                InteractionEvent event = record.event();
                if (!seen.add(event.eventId())) {
                    continue; // The second record of one event.
                }
                String type = event.type().wireName();
                truth.userCounts
                        .computeIfAbsent(user, ignored -> new TreeMap<>())
                        .merge(type, 1L, Long::sum);
                boolean follows = event.type() == EventType.FOLLOW || event.type() == EventType.UNFOLLOW;
                if (follows) {
                    clamped(truth.authors(user), event.itemId(), event.type() == EventType.FOLLOW ? 1 : -1);
                    continue;
                }
                String item = event.itemId();
                if (!Set.of("post_created", "post_published").contains(type)) {
                    truth.itemCounts
                            .computeIfAbsent(item, ignored -> new TreeMap<>())
                            .merge(type, 1L, Long::sum);
                }
                boolean engagement =
                        Set.of("view", "like", "comment", "purchase").contains(type);
                double weight =
                        switch (type) {
                            case "view" -> 1;
                            case "like" -> 3;
                            case "unlike" -> -3;
                            case "comment" -> 4;
                            case "purchase" -> 5;
                            default -> 0;
                        };
                if (weight != 0) {
                    labels.get(item).forEach(label -> clamped(truth.labels(user), label, weight));
                    categories.get(item).forEach(category -> clamped(truth.categories(user), category, weight));
                    if (!authors.get(item).equals(user)) {
                        clamped(truth.authors(user), authors.get(item), Math.signum(weight));
                    }
                }
                if (engagement) {
                    truth.engagers
                            .computeIfAbsent(item, ignored -> new HashSet<>())
                            .add(user);
                    Set<String> earlier = new LinkedHashSet<>();
                    for (String previous : recent) {
                        if (earlier.size() == 5) {
                            break;
                        }
                        if (!previous.equals(item)) {
                            earlier.add(previous);
                        }
                    }
                    for (String other : earlier) {
                        truth.co(item).merge(other, 1.0, Double::sum);
                        truth.co(other).merge(item, 1.0, Double::sum);
                    }
                    recent.addFirst(item);
                    if (recent.size() > UserFeatures.RECENT_ITEMS) {
                        recent.removeLast();
                    }
                    truth.recent.put(user, List.copyOf(recent));
                }
            }
        });
        return truth;
    }

    /** A score that, like the feature store's, is dropped when it reaches zero or below. */
    private static void clamped(Map<String, Double> scores, String key, double delta) {
        double score = scores.getOrDefault(key, 0.0) + delta;
        if (score <= 1e-9) {
            scores.remove(key);
        } else {
            scores.put(key, score);
        }
    }

    /** The expected features. */
    public static final class Truth {
        final Map<String, Map<String, Long>> userCounts = new HashMap<>();
        final Map<String, Map<String, Long>> itemCounts = new HashMap<>();
        final Map<String, Map<String, Double>> labels = new HashMap<>();
        final Map<String, Map<String, Double>> categories = new HashMap<>();
        final Map<String, Map<String, Double>> authors = new HashMap<>();
        final Map<String, List<String>> recent = new HashMap<>();
        final Map<String, Set<String>> engagers = new HashMap<>();
        final Map<String, Map<String, Double>> coEngaged = new HashMap<>();

        Map<String, Double> labels(String user) {
            return labels.computeIfAbsent(user, ignored -> new TreeMap<>());
        }

        Map<String, Double> categories(String user) {
            return categories.computeIfAbsent(user, ignored -> new TreeMap<>());
        }

        Map<String, Double> authors(String user) {
            return authors.computeIfAbsent(user, ignored -> new TreeMap<>());
        }

        Map<String, Double> co(String item) {
            return coEngaged.computeIfAbsent(item, ignored -> new TreeMap<>());
        }

        /** The total number of events counted on users: one per distinct event. */
        public long userEventTotal() {
            return userCounts.values().stream()
                    .flatMap(counts -> counts.values().stream())
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    /** How many events the stored user documents count in all (a cheap progress measure). */
    public long countedSoFar(FeatureRepository features) {
        return features.users(users).await().values().stream()
                .flatMap(stored -> stored.features().counts().values().stream())
                .mapToLong(counter -> counter.total())
                .sum();
    }

    /**
     * Waits until the workers have applied everything, then asserts that every feature equals the truth, that nothing
     * was counted twice, and that every malformed record is a dead letter. A batch writes its users and items in
     * parallel, so the items may trail the users for a moment.
     */
    public void awaitExactFeatures(TestStack stack, FeatureRepository features) {
        Truth truth = truth();
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(() -> countedSoFar(features) >= truth.userEventTotal());
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .untilAsserted(() -> assertFeaturesMatch(features, truth));
        assertThat(countedSoFar(features)).isEqualTo(truth.userEventTotal());
        assertThat(deadLetters(stack)).hasSize(malformedCount());
    }

    /** Asserts that every stored feature equals the truth. */
    public void assertFeaturesMatch(FeatureRepository features, Truth truth) {
        Instant now = Instant.now();
        Map<String, FeatureRepository.Stored<UserFeatures>> storedUsers =
                features.users(users).await();
        for (String user : users) {
            Map<String, Long> expected = truth.userCounts.getOrDefault(user, Map.of());
            FeatureRepository.Stored<UserFeatures> stored = storedUsers.get(user);
            if (expected.isEmpty()) {
                assertThat(stored).as("user %s has no events", user).isNull();
                continue;
            }
            assertThat(stored).as("user %s", user).isNotNull();
            UserFeatures.View view = stored.features().view(now, stored.version());
            Map<String, Long> counted = new TreeMap<>();
            view.counts().forEach((type, windows) -> {
                counted.put(type, windows.total());
                assertThat(windows.last24h())
                        .as("%s %s in the last day", user, type)
                        .isEqualTo(windows.total());
            });
            assertThat(counted).as("counts of user %s", user).isEqualTo(new TreeMap<>(expected));
            assertThat(view.recentItems().stream()
                            .map(UserFeatures.RecentItem::itemId)
                            .toList())
                    .as("recent items of %s", user)
                    .isEqualTo(truth.recent.getOrDefault(user, List.of()));
            assertThat(view.labelAffinity()).as("labels of %s", user).isEqualTo(truth.labels(user));
            assertThat(view.categoryAffinity()).as("categories of %s", user).isEqualTo(truth.categories(user));
            assertThat(view.authorsEngaged()).as("authors of %s", user).isEqualTo(truth.authors(user));
        }
        Map<String, FeatureRepository.Stored<ItemFeatures>> storedItems =
                features.items(items).await();
        for (String item : items) {
            ItemFeatures.View view = storedItems
                    .get(item)
                    .features()
                    .view(now, storedItems.get(item).version());
            Map<String, Long> expected = truth.itemCounts.getOrDefault(item, Map.of());
            Map<String, Long> counted = new TreeMap<>();
            Map.of(
                            "view", view.views(),
                            "impression", view.impressions(),
                            "like", view.likes(),
                            "unlike", view.unlikes(),
                            "comment", view.comments(),
                            "purchase", view.purchases())
                    .forEach((type, windows) -> {
                        if (windows.total() != 0) {
                            counted.put(type, windows.total());
                        }
                    });
            assertThat(counted).as("counts of item %s", item).isEqualTo(new TreeMap<>(expected));
            long engagers = truth.engagers.getOrDefault(item, Set.of()).size();
            if (engagers <= 128) {
                assertThat(view.uniqueEngagers())
                        .as("unique engagers of %s", item)
                        .isEqualTo(engagers);
            } else {
                assertThat(view.uniqueEngagers())
                        .as("unique engagers of %s (estimated: within 10%%, over three standard errors)", item)
                        .isBetween(Math.round(engagers * 0.9), Math.round(engagers * 1.1));
            }
            assertThat(view.coEngaged()).as("co-engagement of %s", item).isEqualTo(truth.co(item));
        }
    }

    /** The dead letters written so far. */
    public static List<S3Object> deadLetters(TestStack stack) {
        return objects(stack, "dead-letters/");
    }

    /** The distinct event ids in every archive file (the archive is at least once). */
    public static Set<String> archivedEventIds(TestStack stack) throws IOException {
        Set<String> ids = new HashSet<>();
        for (S3Object object : objects(stack, "events/")) {
            byte[] gzipped = stack.clients()
                    .s3()
                    .getObject(
                            get -> get.bucket(stack.names().archiveBucket()).key(object.key()),
                            AsyncResponseTransformer.toBytes())
                    .join()
                    .asByteArray();
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isEmpty()) {
                        ids.add(InteractionEvent.decode(line.getBytes(StandardCharsets.UTF_8))
                                .eventId());
                    }
                }
            }
        }
        return ids;
    }

    private static List<S3Object> objects(TestStack stack, String prefix) {
        List<S3Object> objects = new java.util.ArrayList<>();
        stack.clients()
                .s3()
                .listObjectsV2Paginator(
                        list -> list.bucket(stack.names().archiveBucket()).prefix(prefix))
                .contents()
                .subscribe(objects::add)
                .join();
        return objects;
    }
}

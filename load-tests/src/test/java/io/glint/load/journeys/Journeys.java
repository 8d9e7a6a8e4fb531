package io.glint.load.journeys;

import static io.gatling.javaapi.core.CoreDsl.ByteArrayBody;
import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Glint's user journeys, one {@link ChainBuilder} each, as a client of the HTTP API (the contract is
 * {@code api-verticle/src/main/resources/openapi/openapi.yaml}). Each journey is a Gatling group named after its
 * {@link Journey}, so the report and the gates have per-journey timings; every request checks its status and what the
 * next step needs, so a wrong answer fails the request.
 *
 * <p>The journeys expect an account in the session ({@code userId}, {@code accessToken}: feed one of {@link
 * World#accounts()} first) and leave what they saw there for the next: {@code feedPostIds} and {@code recommendedIds}
 * (what {@link #reportViews()} reports and {@link #likeAndComment()} picks from).
 */
public final class Journeys {
    /** The requests' names in the report: method and route template, never an id (a bounded set of names). */
    static final String SIGN_UP = "POST /v1/auth/signup";
    /** The renewal of an account's tokens, and its group. */
    static final String REFRESH = "POST /v1/auth/refresh";

    static final String RENEW_GROUP = "session";
    /** The group of an upload's polling until its post is published. */
    static final String WAIT_FOR_PUBLISHED = "wait for published";

    private static final int PAGE = 20;
    private static final int VIEWS_PER_BATCH = 10;
    private static final Duration POLL = Duration.ofMillis(250);

    private final World world;
    private final Measurements measurements;
    private final Supplier<Photos> photos;
    private final Duration publishTimeout;

    /**
     * @param photos read on first use, so that journeys without uploads need none
     * @param publishTimeout how long the upload journey waits for its post to be published before it fails
     */
    public Journeys(World world, Measurements measurements, Supplier<Photos> photos, Duration publishTimeout) {
        this.world = Objects.requireNonNull(world, "world");
        this.measurements = Objects.requireNonNull(measurements, "measurements");
        this.photos = memoize(Objects.requireNonNull(photos, "photos"));
        this.publishTimeout = Objects.requireNonNull(publishTimeout, "publishTimeout");
    }

    /** Setup: a creator signs up; {@link #upload()} then gives the accounts' feeds something to show. */
    public ChainBuilder signUpCreator() {
        return group("setup").on(signUp().exec(session -> {
            world.addCreator(session.getString("userId"));
            return session;
        }));
    }

    /** Setup: an account signs up, follows every creator, and joins the accounts the load runs on. */
    public ChainBuilder signUpAccount() {
        return group("setup")
                .on(signUp().exec(session -> session.set("creators", world.creators()))
                        .foreach("#{creators}", "creatorId")
                        .on(exec(
                                authorized(http("PUT /v1/users/{userId}/follow").put("/v1/users/#{creatorId}/follow"))
                                        .check(status().is(204))))
                        .exec(session -> {
                            if (!session.isFailed()) {
                                world.addAccount(
                                        session.getString("userId"),
                                        session.getString("username"),
                                        session.getString("accessToken"),
                                        session.getString("refreshToken"),
                                        session.getLong("expiresIn"));
                            }
                            return session;
                        }));
    }

    /** The timeline: a page, the next page when there is one, and one of its posts opened. */
    public ChainBuilder browseFeed() {
        return group(Journey.BROWSE_FEED.group())
                .on(exec(authorized(http("GET /v1/feed").get("/v1/feed").queryParam("limit", PAGE))
                                .check(
                                        status().is(200),
                                        jsonPath("$.items[*].postId")
                                                .findAll()
                                                .optional()
                                                .saveAs("feedPostIds"),
                                        jsonPath("$.nextCursor").optional().saveAs("feedCursor")))
                        .doIf(session -> session.contains("feedCursor"))
                        .then(exec(authorized(http("GET /v1/feed (next page)")
                                        .get("/v1/feed")
                                        .queryParam("limit", PAGE)
                                        .queryParam("cursor", "#{feedCursor}"))
                                .check(status().is(200))))
                        .doIf(session -> session.contains("feedPostIds"))
                        .then(exec(session -> session.set("postId", anyOf(session.getList("feedPostIds"))))
                                .exec(authorized(http("GET /v1/posts/{postId}").get("/v1/posts/#{postId}"))
                                        .check(
                                                status().is(200),
                                                jsonPath("$.status").is("published")))));
    }

    /** "For you": the ranked recommendations, with the server's own time of each answer recorded. */
    public ChainBuilder recommendations() {
        return group(Journey.RECOMMENDATIONS.group())
                .on(exec(authorized(http(Journey.RECOMMENDATIONS_REQUEST)
                                        .get("/v1/recommendations")
                                        .queryParam("limit", PAGE))
                                .check(
                                        status().is(200),
                                        jsonPath("$.servedBy").saveAs("servedBy"),
                                        header("Server-Timing")
                                                .transform(Measurements::serverMillis)
                                                .saveAs("serverMillis"),
                                        header("Server-Timing").saveAs("serverTiming"),
                                        jsonPath("$.items[*].itemId")
                                                .findAll()
                                                .optional()
                                                .saveAs("recommendedIds")))
                        .exec(session -> {
                            if (session.contains("serverMillis")) {
                                // The unmeasured part's timings are kept apart, as Gatling's are (their own group).
                                boolean warmUp = session.groups().contains(Journey.WARM_UP);
                                measurements.serverSide(
                                        warmUp
                                                ? Journey.RECOMMENDATIONS_REQUEST + " (" + Journey.WARM_UP + ")"
                                                : Journey.RECOMMENDATIONS_REQUEST,
                                        session.getDouble("serverMillis"),
                                        Measurements.serverPhases(session.getString("serverTiming")));
                                if (!warmUp) {
                                    measurements.servedBy(session.getString("servedBy"));
                                }
                            }
                            return session.remove("serverMillis")
                                    .remove("serverTiming")
                                    .remove("servedBy");
                        }));
    }

    /**
     * The views the client saw, reported in one batch: recommended items and feed posts (else any published post). Every
     * event must be accepted: {@code dropped} above 0 means the API's buffer to the stream was full.
     */
    public ChainBuilder reportViews() {
        return group(Journey.REPORT_VIEWS.group())
                .on(exec(session -> session.set("viewEvents", viewEvents(session)))
                        .doIf(session -> session.getString("viewEvents") != null)
                        .then(exec(authorized(http("POST /v1/events")
                                        .post("/v1/events")
                                        .body(StringBody("#{viewEvents}"))
                                        .asJson())
                                .check(
                                        status().is(202),
                                        jsonPath("$.dropped").ofInt().is(0)))));
    }

    /** A like (idempotent), a comment, and the post's comments read back, on a post from the feed or any published one. */
    public ChainBuilder likeAndComment() {
        return group(Journey.LIKE_AND_COMMENT.group())
                .on(exec(session -> {
                            List<String> seen = session.contains("feedPostIds") ? session.getList("feedPostIds") : null;
                            String post = seen != null && !seen.isEmpty() ? anyOf(seen) : world.anyPost();
                            return post == null ? session.remove("targetPostId") : session.set("targetPostId", post);
                        })
                        .doIf(session -> session.contains("targetPostId"))
                        .then(exec(authorized(http("PUT /v1/posts/{postId}/like")
                                                .put("/v1/posts/#{targetPostId}/like"))
                                        .check(status().is(204)))
                                .exec(authorized(http("POST /v1/posts/{postId}/comments")
                                                .post("/v1/posts/#{targetPostId}/comments")
                                                .body(StringBody("{\"text\":\"Load test comment by #{username}\"}"))
                                                .asJson())
                                        .check(
                                                status().is(201),
                                                jsonPath("$.commentId").exists()))
                                .exec(authorized(http("GET /v1/posts/{postId}/comments")
                                                .get("/v1/posts/#{targetPostId}/comments")
                                                .queryParam("limit", PAGE))
                                        .check(status().is(200)))));
    }

    /**
     * The upload flow: a presigned URL from the API, the photo PUT straight to S3 with the signed headers, and the post
     * created (group {@code upload}); then the post polled until the analysis pipeline publishes it (group {@code wait
     * for published}, whose time is mostly the pipeline's: it is reported as {@code uploadToPublished}, not gated on).
     * A post not published within the timeout (still processing, or blocked or rejected) fails the last request. The
     * published post joins the ones others like and comment on.
     */
    public ChainBuilder upload() {
        return group(Journey.UPLOAD.group())
                .on(exec(session -> {
                            byte[] photo = photos.get().next();
                            return session.set("photo", photo).set("photoSize", photo.length);
                        })
                        .exec(authorized(http("POST /v1/uploads")
                                        .post("/v1/uploads")
                                        .body(StringBody("{\"contentType\":\"image/jpeg\",\"size\":#{photoSize}}"))
                                        .asJson())
                                .check(
                                        status().is(201),
                                        jsonPath("$.uploadId").saveAs("uploadId"),
                                        jsonPath("$.url").saveAs("uploadUrl")))
                        .exitHereIfFailed()
                        // The URL is signed as it is: Gatling must send it without re-encoding its query.
                        .exec(http("PUT presigned upload URL")
                                .put("#{uploadUrl}")
                                .disableUrlEncoding()
                                .header("Content-Type", "image/jpeg")
                                .body(ByteArrayBody("#{photo}"))
                                .check(status().is(200)))
                        .exec(session -> session.remove("photo").set("uploadedAt", System.nanoTime()))
                        .exec(authorized(http("POST /v1/posts")
                                        .post("/v1/posts")
                                        .body(
                                                StringBody(
                                                        "{\"uploadId\":\"#{uploadId}\",\"caption\":\"Load test photo by #{username}\"}"))
                                        .asJson())
                                .check(status().is(201), jsonPath("$.postId").saveAs("newPostId")))
                        .exitHereIfFailed())
                .group(WAIT_FOR_PUBLISHED)
                .on(exec(session -> session.set("postStatus", "processing"))
                        .asLongAs(session -> "processing".equals(session.getString("postStatus"))
                                && waitedFor(session) < publishTimeout.toNanos())
                        .on(pause(POLL)
                                .exec(authorized(http("GET /v1/posts/{postId} (processing)")
                                                .get("/v1/posts/#{newPostId}"))
                                        .check(
                                                status().is(200),
                                                jsonPath("$.status").saveAs("postStatus"))))
                        .exec(session -> session.set("publishedAfterNanos", waitedFor(session)))
                        .exec(authorized(http("GET /v1/posts/{postId} (published)")
                                        .get("/v1/posts/#{newPostId}"))
                                .check(status().is(200), jsonPath("$.status").is("published")))
                        .exec(session -> {
                            if (!session.isFailed()) {
                                measurements.uploadPublished(session.getLong("publishedAfterNanos") / 1e6);
                                world.addPost(session.getString("newPostId"));
                            }
                            return session;
                        }));
    }

    /** Signs a new account up; a failed sign-up ends the virtual user (nothing after it could work). */
    private ChainBuilder signUp() {
        return feed(world.usernames())
                .exec(http(SIGN_UP)
                        .post("/v1/auth/signup")
                        .body(StringBody("{\"username\":\"#{username}\",\"password\":\"#{password}\"}"))
                        .asJson()
                        .check(
                                status().is(201),
                                jsonPath("$.userId").saveAs("userId"),
                                jsonPath("$.accessToken").saveAs("accessToken"),
                                jsonPath("$.refreshToken").saveAs("refreshToken"),
                                jsonPath("$.expiresIn").ofLong().saveAs("expiresIn")))
                .exitHereIfFailed();
    }

    /**
     * Before a session's requests: renews its account's tokens ({@code POST /v1/auth/refresh}) when the access token
     * is near its expiry, so that a run longer than the token's lifetime keeps working; then puts the account's current
     * access token into the session. Renewing is in the group {@code session}, which no journey gate judges.
     */
    public ChainBuilder keepSignedIn() {
        return doIf(session -> ((World.Account) session.get("account")).claimRenewal(System.currentTimeMillis()))
                .then(group(RENEW_GROUP)
                        .on(exec(session -> session.set(
                                        "refreshToken", ((World.Account) session.get("account")).refreshToken()))
                                .exec(http(REFRESH)
                                        .post("/v1/auth/refresh")
                                        .body(StringBody("{\"refreshToken\":\"#{refreshToken}\"}"))
                                        .asJson()
                                        .check(
                                                status().is(200),
                                                jsonPath("$.accessToken").saveAs("renewedAccessToken"),
                                                jsonPath("$.refreshToken").saveAs("renewedRefreshToken"),
                                                jsonPath("$.expiresIn").ofLong().saveAs("renewedExpiresIn")))
                                .exec(session -> {
                                    World.Account account = (World.Account) session.get("account");
                                    if (session.contains("renewedAccessToken")) {
                                        account.renewed(
                                                session.getString("renewedAccessToken"),
                                                session.getString("renewedRefreshToken"),
                                                session.getLong("renewedExpiresIn"),
                                                System.currentTimeMillis());
                                    } else {
                                        account.notRenewed(); // Another session tries again; the token still works.
                                    }
                                    return session.remove("renewedAccessToken")
                                            .remove("renewedRefreshToken")
                                            .remove("renewedExpiresIn")
                                            .remove("refreshToken");
                                })))
                .exec(session -> session.set("accessToken", ((World.Account) session.get("account")).accessToken()));
    }

    /** The request with the session's access token. */
    static HttpRequestActionBuilder authorized(HttpRequestActionBuilder request) {
        return request.header("Authorization", "Bearer #{accessToken}");
    }

    /** The {@code POST /v1/events} body for the items in the session, or null when there is nothing to report. */
    private String viewEvents(Session session) {
        Set<String> items = new LinkedHashSet<>();
        for (String key : List.of("recommendedIds", "feedPostIds")) {
            if (session.contains(key)) {
                List<String> ids = session.getList(key);
                items.addAll(ids);
            }
        }
        if (items.isEmpty()) {
            String post = world.anyPost();
            if (post == null) {
                return null;
            }
            items.add(post);
        }
        List<String> batch = new ArrayList<>(items).subList(0, Math.min(VIEWS_PER_BATCH, items.size()));
        String now = Instant.now().toString();
        StringBuilder body = new StringBuilder("{\"events\":[");
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) {
                body.append(',');
            }
            // Item ids are server-made (UUIDs, catalogue ids of [A-Za-z0-9_.:-]): nothing to escape.
            body.append("{\"eventId\":\"")
                    .append(UUID.randomUUID().toString().replace("-", ""))
                    .append("\",\"type\":\"view\",\"itemId\":\"")
                    .append(batch.get(i))
                    .append("\",\"ts\":\"")
                    .append(now)
                    .append("\"}");
        }
        return body.append("]}").toString();
    }

    private static long waitedFor(Session session) {
        return System.nanoTime() - session.getLong("uploadedAt");
    }

    private static String anyOf(List<String> values) {
        return values.get(ThreadLocalRandom.current().nextInt(values.size()));
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }
}

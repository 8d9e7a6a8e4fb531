package io.glint.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.rampConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ClosedInjectionStep;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.glint.load.journeys.Journey;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A run's shape, read from system properties ({@code -Dname=value}) with documented defaults:
 *
 * <table>
 *   <caption>properties</caption>
 *   <tr><td>{@code baseUrl}</td><td>the Glint under test</td><td>{@code http://localhost:8080}</td></tr>
 *   <tr><td>{@code profile}</td><td>{@code open} (sessions arrive at {@code rate}, whatever the answers' speed) or
 *       {@code closed} ({@code users} sessions at once, a new one when one ends)</td><td>{@code open}</td></tr>
 *   <tr><td>{@code rate}</td><td>open: new sessions per second (Poisson arrivals)</td><td>per simulation</td></tr>
 *   <tr><td>{@code users}</td><td>closed: concurrent sessions</td><td>per simulation</td></tr>
 *   <tr><td>{@code duration}</td><td>seconds at full load, measured</td><td>60</td></tr>
 *   <tr><td>{@code ramp}</td><td>seconds from 0 to full load before that, not measured</td><td>10</td></tr>
 *   <tr><td>{@code warmUp}</td><td>seconds at full load after the ramp, not measured</td><td>0</td></tr>
 *   <tr><td>{@code accounts}</td><td>accounts signed up in the setup phase; sessions use them round-robin</td>
 *       <td>20</td></tr>
 *   <tr><td>{@code creators}, {@code postsPerCreator}</td><td>accounts that upload photos in the setup phase, and how
 *       many each; every account follows them</td><td>per simulation, 2</td></tr>
 *   <tr><td>{@code thinkTimeMs}</td><td>mean pause between a session's journeys (uniform, ±50 %)</td><td>500</td></tr>
 *   <tr><td>{@code likePercent}, {@code uploadPercent}</td><td>{@code mixed}: the shares of sessions that like and
 *       comment, and that upload</td><td>33, 2</td></tr>
 *   <tr><td>{@code publishTimeout}</td><td>seconds an upload may take to be published</td><td>30</td></tr>
 *   <tr><td>{@code maxErrorPercent}</td><td>gate: failed requests, percent of all (strictly less)</td><td>1</td></tr>
 *   <tr><td>{@code maxP99Ms}, {@code maxP99Ms.<journey>}</td><td>gate: a journey's p99 in ms (strictly less); the first
 *       sets every journey's</td><td>{@link Journey#defaultP99Millis()}</td></tr>
 *   <tr><td>{@code measurementsFile}</td><td>where the server-side timings go</td>
 *       <td>{@code load-tests/target/gatling/measurements-<simulation>.json}</td></tr>
 * </table>
 *
 * <p>A property that does not parse fails the simulation before any request, naming it.
 */
final class LoadSettings {
    private final Map<String, String> properties;
    private final double defaultRate;
    private final int defaultUsers;
    private final int defaultCreators;

    private LoadSettings(Map<String, String> properties, double defaultRate, int defaultUsers, int defaultCreators) {
        this.properties = properties;
        this.defaultRate = defaultRate;
        this.defaultUsers = defaultUsers;
        this.defaultCreators = defaultCreators;
    }

    /** The system properties, with a simulation's own defaults for the load and the creators. */
    static LoadSettings fromSystemProperties(double defaultRate, int defaultUsers, int defaultCreators) {
        Map<String, String> properties = new java.util.HashMap<>();
        System.getProperties().forEach((key, value) -> properties.put(key.toString(), value.toString()));
        return new LoadSettings(properties, defaultRate, defaultUsers, defaultCreators);
    }

    String baseUrl() {
        String url = text("baseUrl", "http://localhost:8080");
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    boolean closed() {
        String profile = text("profile", "open").toLowerCase(Locale.ROOT);
        return switch (profile) {
            case "open" -> false;
            case "closed" -> true;
            default -> throw new IllegalArgumentException("profile must be open or closed, but is '" + profile + "'");
        };
    }

    double rate() {
        return number("rate", defaultRate, Double::parseDouble, 0.01, 10_000.0);
    }

    int users() {
        return number("users", defaultUsers, Integer::parseInt, 1, 100_000);
    }

    Duration duration() {
        return Duration.ofSeconds(number("duration", 60, Integer::parseInt, 1, 86_400));
    }

    Duration ramp() {
        return Duration.ofSeconds(number("ramp", 10, Integer::parseInt, 0, 3_600));
    }

    Duration warmUp() {
        return Duration.ofSeconds(number("warmUp", 0, Integer::parseInt, 0, 3_600));
    }

    int accounts() {
        return number("accounts", 20, Integer::parseInt, 1, 10_000);
    }

    int creators() {
        return number("creators", defaultCreators, Integer::parseInt, 0, 1_000);
    }

    int postsPerCreator() {
        return number("postsPerCreator", 2, Integer::parseInt, 1, 100);
    }

    Duration thinkTime() {
        return Duration.ofMillis(number("thinkTimeMs", 500, Integer::parseInt, 0, 60_000));
    }

    /** {@code mixed}: the share of sessions that like and comment, in percent. */
    double likePercent() {
        return number("likePercent", 33.0, Double::parseDouble, 0.0, 100.0);
    }

    /** {@code mixed}: the share of sessions that upload a photo, in percent. */
    double uploadPercent() {
        return number("uploadPercent", 2.0, Double::parseDouble, 0.0, 100.0);
    }

    Duration publishTimeout() {
        return Duration.ofSeconds(number("publishTimeout", 30, Integer::parseInt, 1, 900));
    }

    /** {@code measurementsFile}, else {@code measurements-<simulation>.json} beside Gatling's results in target. */
    Path measurementsFile(Class<?> simulation) {
        String file = text("measurementsFile", "");
        if (!file.isEmpty()) {
            return Path.of(file);
        }
        String name = "measurements-" + simulation.getSimpleName() + ".json";
        try {
            // target/test-classes, wherever Gatling runs from
            Path classes = Path.of(simulation
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return classes.resolveSibling("gatling").resolve(name);
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of(name);
        }
    }

    /**
     * The load, as two populations of {@code session} on the accounts: first the unmeasured part, the ramp from 0 to
     * full load and then {@code warmUp} seconds at full load, every request in the group {@link Journey#WARM_UP} (the
     * JIT compilers, the connection pools and the caches of a just-started Glint warm up there); then, seamlessly, the
     * measured part: {@code duration} seconds at full load, the requests in their journeys' own groups, which the gates
     * judge.
     */
    List<PopulationBuilder> load(String name, ChainBuilder session, Iterator<Map<String, Object>> accounts) {
        Duration unmeasured = ramp().plus(warmUp());
        List<PopulationBuilder> populations = new ArrayList<>();
        ScenarioBuilder warmUp = scenario(Journey.WARM_UP)
                .feed(accounts)
                .exec(group(Journey.WARM_UP).on(session));
        ScenarioBuilder measured = scenario(name).feed(accounts).exec(session);
        if (closed()) {
            List<ClosedInjectionStep> warming = new ArrayList<>();
            if (!ramp().isZero()) {
                warming.add(rampConcurrentUsers(0).to(users()).during(ramp()));
            }
            if (!warmUp().isZero()) {
                warming.add(constantConcurrentUsers(users()).during(warmUp()));
            }
            List<ClosedInjectionStep> steps = new ArrayList<>();
            if (!warming.isEmpty()) {
                populations.add(warmUp.injectClosed(warming));
                steps.add(constantConcurrentUsers(0).during(unmeasured));
            }
            steps.add(constantConcurrentUsers(users()).during(duration()));
            populations.add(measured.injectClosed(steps));
            return populations;
        }
        List<OpenInjectionStep> warming = new ArrayList<>();
        if (!ramp().isZero()) {
            warming.add(rampUsersPerSec(0).to(rate()).during(ramp()));
        }
        if (!warmUp().isZero()) {
            warming.add(constantUsersPerSec(rate()).during(warmUp()).randomized());
        }
        List<OpenInjectionStep> steps = new ArrayList<>();
        if (!warming.isEmpty()) {
            populations.add(warmUp.injectOpen(warming));
            steps.add(nothingFor(unmeasured));
        }
        steps.add(constantUsersPerSec(rate()).during(duration()).randomized());
        populations.add(measured.injectOpen(steps));
        return populations;
    }

    /** A bound on the whole run (setup, ramp and load) after which Gatling stops whatever still runs. */
    Duration maxDuration() {
        return ramp().plus(duration())
                .plus(publishTimeout().multipliedBy(postsPerCreator()))
                .plusMinutes(3);
    }

    HttpProtocolBuilder protocol() {
        return http.baseUrl(baseUrl())
                .acceptHeader("application/json")
                .userAgentHeader("glint-load-tests (Gatling)")
                // Loads Gatling's HTTP stack on the target itself, before the first measured request.
                .warmUp(baseUrl() + "/health");
    }

    /**
     * The pass/fail gates: failed requests under {@code maxErrorPercent} of all, and each journey's p99 under its
     * limit. Gatling exits with status 2 when one fails, after writing the report.
     */
    List<Assertion> gates(List<Journey> journeys) {
        List<Assertion> gates = new ArrayList<>();
        gates.add(global().failedRequests()
                .percent()
                .lt(number("maxErrorPercent", 1.0, Double::parseDouble, 0.0, 100.0)));
        for (Journey journey : journeys) {
            int all = number("maxP99Ms", journey.defaultP99Millis(), Integer::parseInt, 0, 3_600_000);
            int limit = number("maxP99Ms." + journey.key(), all, Integer::parseInt, 0, 3_600_000);
            gates.add(details(journey.group()).responseTime().percentile(99.0).lt(limit));
        }
        return gates;
    }

    private String text(String name, String fallback) {
        String value = properties.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private <T extends Comparable<T>> T number(String name, T fallback, Function<String, T> parse, T min, T max) {
        String value = properties.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        T parsed;
        try {
            parsed = parse.apply(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, but is '" + value + "'", e);
        }
        if (parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", but is " + value);
        }
        return parsed;
    }
}

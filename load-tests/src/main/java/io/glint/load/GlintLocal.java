package io.glint.load;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./glint local} started for a load run, as a user starts it: the local stack and every role in one process,
 * on free ports, with its own Glint home, healthy when it prints its banner. Stopped as Ctrl-C stops it.
 *
 * <p>What differs from a plain {@code ./glint local} (each can be overridden with a {@code GLINT_*} property of the
 * load command):
 *
 * <ul>
 *   <li>{@code GLINT_RATE_LOGINS_PER_MINUTE} and {@code GLINT_RATE_WRITES_PER_MINUTE} raised to 1,000,000: every
 *       virtual user comes from this one IP, and each account carries many sessions' writes, so the API's abuse limits
 *       (20 sign-ups per IP and 120 writes per user a minute) would answer 429 to the load itself;
 *   <li>{@code GLINT_ACCESS_TOKEN_TTL_SECONDS} long enough for the whole run (accounts sign up once, at the start);
 *   <li>{@code GLINT_HOME} is the run's own ({@code load-tests/target/glint-home}), so that a {@code ./glint local}
 *       the user runs meanwhile keeps its {@code local.env}; its {@code node} folder links to the usual home's, so the
 *       local stack's npm packages are installed once for both.
 * </ul>
 */
final class GlintLocal implements AutoCloseable {
    /** The banner {@code glint local} prints once {@code /health} is all UP. */
    static final Pattern BANNER = Pattern.compile("Glint is running at (http://\\S+)");

    private static final Duration START_LIMIT = Duration.ofMinutes(15);
    private static final Duration MODEL_SERVER_LIMIT = Duration.ofSeconds(60);

    private final ChildProcess process;
    private final URI url;
    private final int modelServerPort;
    private final Path home;
    private final Map<String, String> environment;

    private GlintLocal(ChildProcess process, URI url, int modelServerPort, Path home, Map<String, String> environment) {
        this.process = process;
        this.url = url;
        this.modelServerPort = modelServerPort;
        this.home = home;
        this.environment = environment;
    }

    /**
     * Starts {@code <root>/glint local} and waits for its banner (building the application first takes minutes on a
     * fresh clone; the script does it).
     *
     * @param overrides {@code GLINT_*} settings for this Glint, over the load run's defaults
     * @throws LoadException when it exits or prints no banner within 15 minutes (with its last lines)
     */
    static GlintLocal start(Path root, Path work, Duration runLength, Map<String, String> overrides, PrintStream out)
            throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return launch(root, work, runLength, overrides, out);
            } catch (LoadException e) {
                // The free ports picked here are free only until the local stack's own servers pick theirs, among
                // the same ephemeral ports: a collision is rare, and a start on other ports settles it.
                boolean portTaken = e.getMessage().contains("is already in use");
                boolean portsOurs =
                        !overrides.containsKey("GLINT_HTTP_PORT") && !overrides.containsKey("SAGEMAKER_BIND_TO_PORT");
                if (!portTaken || !portsOurs || attempt == PORT_ATTEMPTS) {
                    throw e;
                }
                out.println("load: a port picked for ./glint local was taken meanwhile; starting again on others");
            }
        }
    }

    /** How often a start is tried when a port it picked was taken before Glint bound it. */
    private static final int PORT_ATTEMPTS = 3;

    private static GlintLocal launch(
            Path root, Path work, Duration runLength, Map<String, String> overrides, PrintStream out)
            throws InterruptedException {
        Path home = root.resolve("load-tests").resolve("target").resolve("glint-home");
        shareNodePackages(home);
        int httpPort = freePort();
        int modelPort = freePort();
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("GLINT_HOME", home.toString());
        environment.put("GLINT_HTTP_PORT", Integer.toString(httpPort));
        environment.put("SAGEMAKER_BIND_TO_PORT", Integer.toString(modelPort));
        environment.put("GLINT_RATE_LOGINS_PER_MINUTE", "1000000");
        environment.put("GLINT_RATE_WRITES_PER_MINUTE", "1000000");
        long ttl = Math.min(86_400, Math.max(900, runLength.toSeconds() + 900));
        environment.put("GLINT_ACCESS_TOKEN_TTL_SECONDS", Long.toString(ttl));
        environment.putAll(overrides);

        Path log = work.resolve("glint-local.log");
        out.println("load: starting ./glint local on port " + environment.get("GLINT_HTTP_PORT") + " (its log: " + log
                + ")");
        long started = System.nanoTime();
        CompletableFuture<String> banner = new CompletableFuture<>();
        ChildProcess process = ChildProcess.start(
                "glint-local", List.of(root.resolve("glint").toString(), "local"), environment, root, log, line -> {
                    Matcher matcher = BANNER.matcher(line);
                    if (matcher.find()) {
                        banner.complete(matcher.group(1));
                    } else if (line.startsWith("glint:")) {
                        out.println("load: " + line); // the script building the application, or a config error
                    }
                });
        try {
            String address = awaitBanner(process, banner);
            // The banner says localhost; the load goes to the loopback address itself (no resolver in the way).
            URI url = URI.create(address.replace("//localhost:", "//127.0.0.1:"));
            out.printf("load: Glint is running at %s (%.1f s)%n", url, (System.nanoTime() - started) / 1e9);
            return new GlintLocal(
                    process,
                    url,
                    Integer.parseInt(environment.get("SAGEMAKER_BIND_TO_PORT")),
                    home,
                    Map.copyOf(environment));
        } catch (RuntimeException | InterruptedException e) {
            process.stop(Duration.ofSeconds(30));
            throw e;
        }
    }

    /** The process id of its JVM (the script execs {@code java}). */
    long pid() {
        return process.pid();
    }

    /** The API's base URL. */
    URI url() {
        return url;
    }

    /** The Glint home the jobs against this Glint ({@code --local}) need. */
    Path home() {
        return home;
    }

    /** Its settings that differ from a plain {@code ./glint local}, for the run's summary. */
    Map<String, String> environment() {
        return environment;
    }

    /**
     * Waits until the model server serves a promoted model ({@code /ping} answers 200), as it does within its reload
     * interval after {@code glint train --promote}.
     *
     * @throws LoadException when it does not within a minute
     */
    void awaitModelServed() throws InterruptedException {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ping = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + modelServerPort + "/ping"))
                .timeout(Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + MODEL_SERVER_LIMIT.toNanos();
        int status = 0;
        while (System.nanoTime() < deadline) {
            try {
                status = client.send(ping, HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                if (status == 200) {
                    return;
                }
            } catch (IOException e) {
                status = -1;
            }
            Thread.sleep(500);
        }
        throw new LoadException("the model server did not serve the promoted model within "
                + MODEL_SERVER_LIMIT.toSeconds() + " s (its /ping answered " + status + ")");
    }

    /** Stops Glint as Ctrl-C does (its shutdown hooks stop the local stack and its child processes). */
    @Override
    public void close() {
        process.stop(Duration.ofSeconds(60));
    }

    private static String awaitBanner(ChildProcess process, CompletableFuture<String> banner)
            throws InterruptedException {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                return banner.get(500, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!process.isAlive()) {
                    // The banner may be the last thing read before the pump saw the end.
                    Integer exit = process.awaitExit(Duration.ofSeconds(5));
                    if (banner.isDone()) {
                        return banner.join();
                    }
                    throw new LoadException("./glint local exited with status " + exit + " before it was healthy;"
                            + " its last lines:" + System.lineSeparator() + process.lastLines());
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new LoadException("./glint local was not healthy within " + START_LIMIT.toMinutes() + " minutes; its"
                + " last lines:" + System.lineSeparator() + process.lastLines());
    }

    /**
     * Links {@code home/node} to the usual Glint home's {@code node} folder ({@code $GLINT_HOME}, else {@code
     * ~/.glint}), where {@code ./glint local} installs the local stack's npm packages (~400 MB with the image models).
     * Where links are not possible, the run's home gets its own install.
     */
    private static void shareNodePackages(Path home) {
        String configured = System.getenv("GLINT_HOME");
        Path usual = configured == null || configured.isBlank()
                ? Path.of(System.getProperty("user.home"), ".glint")
                : Path.of(configured);
        Path link = home.resolve("node");
        try {
            Files.createDirectories(home);
            if (usual.toAbsolutePath().normalize().equals(home.toAbsolutePath().normalize())
                    || Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            Path shared = usual.resolve("node");
            Files.createDirectories(shared);
            Files.createSymbolicLink(link, shared.toAbsolutePath());
        } catch (UnsupportedOperationException | IOException e) {
            // Not fatal: the local stack installs its packages into home/node instead.
            if (!Files.isDirectory(link)) {
                try {
                    Files.createDirectories(link);
                } catch (IOException again) {
                    throw new UncheckedIOException("cannot create " + link, again);
                }
            }
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    @Override
    public String toString() {
        return "GlintLocal[" + Objects.toString(url) + ", pid " + process.pid() + "]";
    }
}

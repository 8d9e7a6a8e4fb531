package io.glint.localstack.node;

import io.glint.localstack.LocalStackException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@value #NAME} npm package: the local stack's Node.js stand-ins and their pinned dependencies. It ships as
 * resources of this module ({@code package.json}, the committed {@code package-lock.json} and the scripts) and is
 * installed on first use into {@code $GLINT_HOME/node/<sha-256 of the lockfile>/} ({@code GLINT_HOME} defaults to
 * {@code ~/.glint}) with {@code npm ci}, once per lockfile: later starts reuse it, and a changed lockfile gets a fresh
 * folder. Several JVMs may install at once (parallel test runs); a file lock makes one install and the others wait.
 *
 * <p>Scripts are copied on every {@link #install()}, so that a changed script takes effect without a reinstall.
 */
public final class NodePackage {
    /** The npm package's name and its resource folder's name. */
    public static final String NAME = "glint-local-node";
    /** Overrides {@code GLINT_HOME} for this JVM, e.g. to measure a cold install. */
    public static final String HOME_PROPERTY = "glint.home";

    /** Where Glint keeps what it installs; {@code ~/.glint} when not set. */
    public static final String HOME_VARIABLE = "GLINT_HOME";

    private static final Logger LOG = LoggerFactory.getLogger(NodePackage.class);
    private static final String RESOURCES = "/io/glint/localstack/" + NAME + "/";
    private static final String LOCKFILE = "package-lock.json";
    /** npm's input: what {@code npm ci} installs from. */
    private static final List<String> NPM_FILES = List.of("package.json", LOCKFILE);
    /** Ours, run by {@link NodeProcess}. */
    private static final List<String> SCRIPTS = List.of(
            "glint-script.js",
            "dynamodb.js",
            "dynamodb-extensions.js",
            "kinesis.js",
            "kinesis-mock.js",
            "rekognition.js",
            "rekognition-taxonomy.js");

    private static final String INSTALLED_MARKER = ".glint-installed";
    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(10);
    /** A file lock guards against other JVMs only; threads of this one queue here first. */
    private static final Object JVM_LOCK = new Object();

    private final Path directory;

    private NodePackage(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /**
     * Installs the package under the configured Glint home if it is not installed yet.
     *
     * @throws LocalStackException when {@code npm} is missing or {@code npm ci} fails (the message quotes npm's last
     *     lines)
     */
    public static NodePackage install() {
        return install(glintHome());
    }

    /** As {@link #install()}, under the given Glint home. */
    public static NodePackage install(Path glintHome) {
        byte[] lockfile = resource(LOCKFILE);
        Path root = glintHome.resolve("node");
        Path directory = root.resolve(sha256(lockfile));
        synchronized (JVM_LOCK) {
            try {
                Files.createDirectories(root);
                try (FileChannel channel = FileChannel.open(
                                root.resolve(directory.getFileName() + ".lock"),
                                StandardOpenOption.CREATE,
                                StandardOpenOption.WRITE);
                        FileLock lock = lockWaiting(channel, directory)) {
                    Files.createDirectories(directory);
                    if (!Files.exists(directory.resolve(INSTALLED_MARKER))) {
                        for (String file : NPM_FILES) {
                            writeIfChanged(directory.resolve(file), resource(file));
                        }
                        npmCi(directory);
                        Files.writeString(
                                directory.resolve(INSTALLED_MARKER),
                                Instant.now().toString() + System.lineSeparator());
                    }
                    for (String script : SCRIPTS) {
                        writeIfChanged(directory.resolve(script), resource(script));
                    }
                }
            } catch (IOException e) {
                throw new LocalStackException(
                        "the Node.js package " + NAME + " could not be installed in " + directory + ": " + e, e);
            }
        }
        return new NodePackage(directory);
    }

    /** {@code -Dglint.home}, else {@code $GLINT_HOME}, else {@code ~/.glint}. */
    public static Path glintHome() {
        String property = System.getProperty(HOME_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String variable = System.getenv(HOME_VARIABLE);
        if (variable != null && !variable.isBlank()) {
            return Path.of(variable);
        }
        return Path.of(System.getProperty("user.home"), ".glint");
    }

    /** Where the package is installed. */
    public Path directory() {
        return directory;
    }

    /** A file of the package, such as a script to run with {@link NodeProcess}. */
    public Path file(String name) {
        return directory.resolve(name);
    }

    private static FileLock lockWaiting(FileChannel channel, Path directory) throws IOException {
        FileLock lock = channel.tryLock();
        if (lock != null) {
            return lock;
        }
        LOG.info("Waiting for another process that is installing {} in {}", NAME, directory);
        return channel.lock();
    }

    private static void npmCi(Path directory) throws IOException {
        // --ignore-scripts: nothing here needs an install script (kinesalite's only one builds the optional LevelDB
        // binding, unused in memory), and none runs code at install time. --prefer-offline: npm's cache is enough for
        // pinned versions, which keeps a reinstall fast.
        List<String> command = new ArrayList<>(List.of(
                npmCommand(), "ci", "--omit=dev", "--no-audit", "--no-fund", "--ignore-scripts", "--prefer-offline"));
        LOG.info(
                "Installing {} in {} ({}); this happens once per lockfile", NAME, directory, String.join(" ", command));
        long started = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new LocalStackException(
                    "npm could not be run (" + e.getMessage().replaceAll(" \\(in directory [^)]*\\)", "")
                            + "); the local stack needs Node.js 18 or later with npm on the PATH",
                    e);
        }
        process.getOutputStream().close();
        Logger npmLog = LoggerFactory.getLogger(NodePackage.class.getName() + ".npm");
        OutputPump pump =
                new OutputPump(process.getInputStream(), npmLog, "glint-npm-ci", line -> {}, () -> {}).start();
        try {
            if (!process.waitFor(NPM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                NodeProcess.destroyTree(process.toHandle(), Duration.ofSeconds(5));
                throw new LocalStackException("npm ci in " + directory + " did not finish within "
                        + NPM_TIMEOUT.toMinutes() + " minutes: " + pump.lastLines(5));
            }
            pump.join(5_000);
        } catch (InterruptedException e) {
            NodeProcess.destroyTree(process.toHandle(), Duration.ofSeconds(5));
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while npm ci ran in " + directory, e);
        }
        if (process.exitValue() != 0) {
            throw new LocalStackException(
                    "npm ci failed in " + directory + " (exit " + process.exitValue() + "): " + npmErrors(pump));
        }
        LOG.info("Installed {} in {} ms", NAME, (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * npm's own summary of a failure, on one line: its {@code npm error code} line and its last message lines, without
     * the stack traces and object dumps in between (the log has the whole output).
     */
    static String npmErrors(List<String> output) {
        String prefix = "npm error ";
        List<String> messages = output.stream()
                .filter(line -> line.startsWith(prefix))
                .map(line -> line.substring(prefix.length()))
                .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
                .filter(line -> !line.startsWith("{") && !line.startsWith("}"))
                .toList();
        if (messages.isEmpty()) {
            List<String> last = output.subList(Math.max(0, output.size() - 5), output.size());
            return last.isEmpty() ? "(no output)" : String.join(" | ", last);
        }
        List<String> quoted = new ArrayList<>();
        messages.stream().filter(line -> line.startsWith("code ")).findFirst().ifPresent(quoted::add);
        for (String line : messages.subList(Math.max(0, messages.size() - 3), messages.size())) {
            if (!quoted.contains(line)) {
                quoted.add(line);
            }
        }
        return String.join(" | ", quoted);
    }

    private static String npmErrors(OutputPump pump) {
        return npmErrors(pump.tail());
    }

    private static String npmCommand() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? "npm.cmd" : "npm";
    }

    private static void writeIfChanged(Path target, byte[] content) throws IOException {
        if (Files.exists(target) && Arrays.equals(Files.readAllBytes(target), content)) {
            return;
        }
        // Another JVM may be running a script right now: replace it whole, never leave it half written.
        Path temporary =
                Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            Files.write(temporary, content);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = NodePackage.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException(
                        "resource " + RESOURCES + name + " is missing from the local-stack jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

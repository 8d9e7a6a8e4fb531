package io.glint.cloudformation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The npm package of lint/ (cfn-lint, @aws-cdk/cfnspec, @cdklabs/cdk-validator-cfnguard and the runner script),
 * installed once per lockfile with {@code npm ci} into {@code $GLINT_HOME/cfn-lint/<sha-256 of the npm files>/}, the
 * way the local stack installs its Node.js stand-ins ({@code io.glint.localstack.node.NodePackage}, which is bound to
 * that module's resources). A file lock lets one JVM install while others wait.
 */
final class LintToolchain {
    /** The package's folder in the repository, from the module's directory. */
    static final Path SOURCE = Path.of("lint");

    private static final List<String> NPM_FILES = List.of("package.json", "package-lock.json", ".npmrc");
    private static final List<String> SCRIPTS = List.of("cfn-lint-runner.js");
    private static final String INSTALLED_MARKER = ".glint-installed";
    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(10);
    private static final String GUARD_PACKAGE = "node_modules/@cdklabs/cdk-validator-cfnguard";

    private static LintToolchain installed;

    private final Path directory;

    private LintToolchain(Path directory) {
        this.directory = directory;
    }

    /** Installs the package if this lockfile has not been installed yet; later calls in this JVM reuse it. */
    static synchronized LintToolchain install() {
        if (installed != null) {
            return installed;
        }
        Path root = glintHome().resolve("cfn-lint");
        Path directory = root.resolve(npmFilesHash());
        try {
            Files.createDirectories(root);
            try (FileChannel channel = FileChannel.open(
                            root.resolve(directory.getFileName() + ".lock"),
                            StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                Files.createDirectories(directory);
                if (!Files.exists(directory.resolve(INSTALLED_MARKER))) {
                    for (String file : NPM_FILES) {
                        Files.copy(SOURCE.resolve(file), directory.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                    }
                    run(
                            directory,
                            NPM_TIMEOUT,
                            npm(),
                            "ci",
                            "--ignore-scripts",
                            "--no-audit",
                            "--no-fund",
                            "--prefer-offline");
                    Files.writeString(directory.resolve(INSTALLED_MARKER), Instant.now() + "\n");
                }
                // Ours, copied on every run so that an edited script takes effect without a reinstall.
                for (String script : SCRIPTS) {
                    Files.copy(SOURCE.resolve(script), directory.resolve(script), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the lint toolchain could not be installed in " + directory, e);
        }
        installed = new LintToolchain(directory);
        return installed;
    }

    Path runner() {
        return directory.resolve("cfn-lint-runner.js");
    }

    /** The cfn-guard binary the validator package ships for this platform. */
    Path guard() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String platform = os.contains("mac") ? "macos" : os.contains("linux") ? "ubuntu" : null;
        String cpu = arch.equals("amd64") || arch.equals("x86_64")
                ? "x86_64"
                : arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : null;
        if (platform == null || cpu == null) {
            throw new IllegalStateException(
                    "cfn-guard ships for Linux and macOS on x86_64 and aarch64, not " + os + " on " + arch);
        }
        Path binary = directory
                .resolve(GUARD_PACKAGE)
                .resolve("bin")
                .resolve(platform)
                .resolve(cpu)
                .resolve("cfn-guard");
        if (!Files.isExecutable(binary) && !binary.toFile().setExecutable(true)) {
            throw new IllegalStateException(binary + " is not executable");
        }
        return binary;
    }

    /** The Control Tower proactive controls as cfn-guard rule files. */
    Path controlTowerRules() {
        return directory.resolve(GUARD_PACKAGE).resolve("rules/control-tower/cfn-guard");
    }

    /** Runs a command in a folder; its output (stdout and stderr) when it exits 0 or one of {@code okExits}. */
    static Result run(Path directory, Duration timeout, String... command) {
        try {
            Path output = Files.createTempFile("glint-cfn-", ".out");
            Path errors = Files.createTempFile("glint-cfn-", ".err");
            try {
                Process process = new ProcessBuilder(command)
                        .directory(directory.toFile())
                        .redirectOutput(output.toFile())
                        .redirectError(errors.toFile())
                        .start();
                process.getOutputStream().close();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeout);
                }
                Result result = new Result(
                        process.exitValue(),
                        Files.readString(output, StandardCharsets.UTF_8),
                        Files.readString(errors, StandardCharsets.UTF_8));
                if (command[0].startsWith("npm") && result.exit() != 0) {
                    throw new IllegalStateException("npm ci failed in " + directory + " (exit " + result.exit() + "): "
                            + tail(result.errors()));
                }
                return result;
            } finally {
                Files.deleteIfExists(output);
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "could not run " + command[0] + " (is Node.js 18+ with npm on the PATH?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command[0], e);
        }
    }

    /** A finished command. */
    record Result(int exit, String output, String errors) {}

    private static String tail(String text) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }

    private static String npm() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? "npm.cmd" : "npm";
    }

    /** {@code -Dglint.home}, else {@code $GLINT_HOME}, else {@code ~/.glint}: where the local stack installs too. */
    private static Path glintHome() {
        String property = System.getProperty("glint.home");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String variable = System.getenv("GLINT_HOME");
        if (variable != null && !variable.isBlank()) {
            return Path.of(variable);
        }
        return Path.of(System.getProperty("user.home"), ".glint");
    }

    private static String npmFilesHash() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String file : NPM_FILES) {
                digest.update(Files.readAllBytes(SOURCE.resolve(file)));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

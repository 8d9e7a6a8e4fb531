package io.glint.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Verifies what the image's build context holds after {@code package}: {@code target/glint.jar} and {@code
 * target/lib/}, which {@code model-server/Dockerfile} copies whole. {@code lib/} holds exactly the jar's class path
 * (nothing a former build left behind), and no file in either is or carries a local stand-in.
 */
class ShippedImageIT {
    private static final Path LIB = Path.of("target", "lib");

    @Test
    void libHoldsExactlyTheJarsClassPath() throws IOException {
        assertThat(libFiles()).isEqualTo(manifestClassPath());
    }

    @Test
    void libMatchesTheListedRuntimeClassPath() throws IOException {
        Set<String> listed = ShippedClassPathTest.shipped().stream()
                .map(artifact -> artifact.file().getFileName().toString())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(libFiles()).isEqualTo(listed);
    }

    @Test
    void nothingInTheImageIsOrCarriesAStandIn() throws IOException {
        List<String> found = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        files.add(GlintChild.SHIPPED_JAR);
        try (Stream<Path> lib = Files.list(LIB)) {
            lib.forEach(files::add);
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.startsWith("glint-local") || name.startsWith("elasticmq") || name.startsWith("s3proxy")) {
                found.add(name);
            }
            StandIns.entries(file).stream().limit(3).forEach(entry -> found.add(name + "!/" + entry));
        }
        assertThat(found).as("stand-ins in the image's files").isEmpty();
    }

    private static Set<String> libFiles() throws IOException {
        assertThat(LIB).as("copied by package").isDirectory();
        try (Stream<Path> files = Files.list(LIB)) {
            return files.map(file -> file.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Set<String> manifestClassPath() throws IOException {
        try (JarFile jar = new JarFile(GlintChild.SHIPPED_JAR.toFile())) {
            String classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
            assertThat(classPath).as("glint.jar's Class-Path").isNotBlank();
            return Arrays.stream(classPath.trim().split("\\s+"))
                    .map(entry -> {
                        assertThat(entry).startsWith("lib/");
                        return entry.substring("lib/".length());
                    })
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}

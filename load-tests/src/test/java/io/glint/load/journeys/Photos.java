package io.glint.load.journeys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Real photographs for the upload journey: the analysis pipeline decodes every upload and rejects anything that is not
 * an image, so the bytes must be real. They come from the sample folder of the {@code @vladmandic/human} npm package
 * (MIT), which the local stack installs for its image analyzer under {@code $GLINT_HOME/node/}; each of them is
 * published by that analyzer (people, no moderation labels).
 *
 * <p>Where: the folder in the system property {@code photoDir} if set, else the package under the Glint home (system
 * property {@code glintHome}, else {@code $GLINT_HOME}, else {@code ~/.glint}).
 */
public final class Photos {
    static final String ASSETS = "node_modules/@vladmandic/human/assets";
    static final List<String> NAMES =
            List.of("screenshot-faceid.jpg", "screenshot-vrm.jpg", "screenshot-facedetect.jpg");

    private final List<byte[]> photos;
    private final AtomicLong next = new AtomicLong();

    private Photos(List<byte[]> photos) {
        this.photos = List.copyOf(photos);
    }

    /**
     * Reads the photos.
     *
     * @throws IllegalStateException when no folder holds them (the message says where it looked and what to set)
     */
    public static Photos load() {
        Path folder = Optional.ofNullable(System.getProperty("photoDir"))
                .map(Path::of)
                .or(Photos::installedAssets)
                .orElseThrow(() -> new IllegalStateException("no photos for the upload journey: "
                        + glintHome().resolve("node") + " holds no " + ASSETS + " folder (start ./glint local once,"
                        + " which installs it) and -DphotoDir is not set"));
        List<byte[]> photos = new ArrayList<>();
        for (String name : NAMES) {
            try {
                photos.add(Files.readAllBytes(folder.resolve(name)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the photo " + folder.resolve(name), e);
            }
        }
        return new Photos(photos);
    }

    /** The next photo's JPEG bytes, round-robin. */
    public byte[] next() {
        return photos.get((int) (next.getAndIncrement() % photos.size()));
    }

    private static Optional<Path> installedAssets() {
        Path node = glintHome().resolve("node");
        if (!Files.isDirectory(node)) {
            return Optional.empty();
        }
        // One folder per lockfile version; any that has the analyzer's package will do.
        try (Stream<Path> installs = Files.list(node)) {
            return installs.map(install -> install.resolve(ASSETS))
                    .filter(assets -> Files.isRegularFile(assets.resolve(NAMES.get(0))))
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + node, e);
        }
    }

    private static Path glintHome() {
        String property = System.getProperty("glintHome");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String variable = System.getenv("GLINT_HOME");
        if (variable != null && !variable.isBlank()) {
            return Path.of(variable);
        }
        return Path.of(System.getProperty("user.home"), ".glint");
    }
}

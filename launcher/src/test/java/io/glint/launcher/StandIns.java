package io.glint.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What the local AWS stand-ins bring and the image must not ship: the artifacts (the local stack and every artifact
 * that only it pulls in, with the stand-in it comes with) and the class-path entries (the stand-ins' classes and the
 * {@code glint-local-node} package's resources), for a check that does not rely on the artifacts' names alone.
 */
final class StandIns {
    /** One banned artifact pattern: a group, and an artifact id or its start ({@code "*"} for every artifact). */
    record Ban(String groupId, String artifactId, String why) {
        boolean matches(String group, String artifact) {
            if (!groupId.equals(group)) {
                return false;
            }
            return artifactId.equals("*")
                    || artifactId.equals(artifact)
                    || (artifactId.endsWith("*")
                            && artifact.startsWith(artifactId.substring(0, artifactId.length() - 1)));
        }
    }

    private static final String ELASTICMQ = "ElasticMQ (SQS stand-in)";
    private static final String S3PROXY = "S3Proxy (S3 stand-in)";

    /**
     * Every artifact that only the local stack pulls in (its runtime tree less what the roles use themselves). An
     * artifact a role comes to need for itself leaves this list in the same change, with the reason. (The DynamoDB
     * stand-in is an npm package, part of the Node package below; the root POM's enforcer rule keeps DynamoDB Local out
     * of every module.)
     */
    static final List<Ban> ARTIFACTS = List.of(
            new Ban("io.glint", "glint-local-stack", "the local stack itself"),
            new Ban("io.glint", "glint-local-run", "the local run (./glint local)"),
            new Ban("org.elasticmq", "*", ELASTICMQ),
            new Ban("org.apache.pekko", "*", ELASTICMQ),
            new Ban("org.parboiled", "*", ELASTICMQ),
            new Ban("io.spray", "*", ELASTICMQ),
            new Ban("org.scala-lang", "*", ELASTICMQ + "'s Scala"),
            new Ban("org.scala-lang.modules", "*", ELASTICMQ + "'s Scala"),
            new Ban("com.typesafe", "*", ELASTICMQ),
            new Ban("com.typesafe.scala-logging", "*", ELASTICMQ),
            new Ban("com.github.pureconfig", "*", ELASTICMQ),
            new Ban("org.scalikejdbc", "*", ELASTICMQ + "'s SQL persistence"),
            new Ban("com.h2database", "*", ELASTICMQ + "'s SQL persistence"),
            new Ban("org.apache.commons", "commons-dbcp2", ELASTICMQ + "'s SQL persistence"),
            new Ban("org.apache.commons", "commons-pool2", ELASTICMQ + "'s SQL persistence"),
            new Ban("org.gaul", "*", S3PROXY),
            new Ban("jakarta.servlet", "*", S3PROXY),
            new Ban("tools.jackson.core", "*", S3PROXY + "'s Jackson 3"),
            new Ban("tools.jackson.dataformat", "*", S3PROXY + "'s Jackson 3"),
            new Ban("com.fasterxml.woodstox", "*", S3PROXY + "'s XML"),
            new Ban("org.codehaus.woodstox", "*", S3PROXY + "'s XML"),
            new Ban("com.google.jimfs", "*", S3PROXY),
            new Ban("org.slf4j", "jcl-over-slf4j", S3PROXY + "'s logging"));

    /**
     * Class-path entries (paths inside a jar or class directory) of the stand-ins, whichever artifact carries them:
     * caught even when repackaged or shaded into an artifact of another name.
     */
    static final List<String> ENTRY_PREFIXES =
            List.of("io/glint/localstack/", "io/glint/localrun/", "org/elasticmq/", "org/gaul/s3proxy/");

    /** The Node stand-ins' package (dynalite, kinesalite, the Rekognition analyzer...), wherever its resources are put. */
    static final String NODE_PACKAGE = "glint-local-node";

    private StandIns() {}

    /** The ban an artifact falls under, if any. */
    static Optional<Ban> ban(String groupId, String artifactId) {
        return ARTIFACTS.stream()
                .filter(ban -> ban.matches(groupId, artifactId))
                .findFirst();
    }

    /**
     * The stand-in entries in one class-path element: a jar (or any zip) or a class directory; a native library or
     * other single file has none.
     */
    static List<String> entries(Path element) {
        List<String> found = new ArrayList<>();
        if (Files.isDirectory(element)) {
            try (Stream<Path> files = Files.walk(element)) {
                files.map(file -> element.relativize(file).toString().replace('\\', '/'))
                        .filter(StandIns::isStandIn)
                        .forEach(found::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else if (element.getFileName().toString().endsWith(".jar")) {
            try (ZipFile zip = new ZipFile(element.toFile())) {
                for (Enumeration<? extends ZipEntry> all = zip.entries(); all.hasMoreElements(); ) {
                    String name = all.nextElement().getName();
                    if (isStandIn(name)) {
                        found.add(name);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + element, e);
            }
        }
        return found;
    }

    static boolean isStandIn(String entry) {
        return entry.contains(NODE_PACKAGE) || ENTRY_PREFIXES.stream().anyMatch(entry::startsWith);
    }
}

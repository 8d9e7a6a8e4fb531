package io.glint.localstack;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which npm Kinesis emulator the local stack runs. Both speak the Kinesis JSON protocol over HTTP/1.1 and run in
 * memory; they differ where it matters to a test.
 */
public enum KinesisEmulator {
    /**
     * npm {@code kinesalite}: fast (about 10,000 records/s here), the default. Its {@code GetRecords} never reports
     * {@code ChildShards}, so after a split or merge a KCL 3 consumer never finishes the closed parent shard.
     */
    KINESALITE("kinesalite", "kinesis.js"),
    /**
     * npm {@code kinesis-local} (kinesis-mock): implements resharding as Kinesis does, {@code ChildShards} included, so
     * KCL moves from parents to children; slower once a stream holds more than a few thousand records.
     */
    KINESIS_MOCK("kinesis-mock", "kinesis-mock.js");

    private final String displayName;
    private final String script;

    KinesisEmulator(String displayName, String script) {
        this.displayName = displayName;
        this.script = script;
    }

    /** The npm name people know it by, also the value {@link #parse} accepts. */
    public String displayName() {
        return displayName;
    }

    /** The script of the {@code glint-local-node} package that starts it. */
    String script() {
        return script;
    }

    /** {@code kinesalite} or {@code kinesis-mock}, case-insensitively. */
    public static KinesisEmulator parse(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(emulator -> emulator.displayName.equals(wanted))
                .findFirst()
                .orElseThrow(
                        () -> new IllegalArgumentException("unknown Kinesis emulator '" + name + "', expected one of "
                                + Arrays.stream(values())
                                        .map(KinesisEmulator::displayName)
                                        .collect(Collectors.joining(", "))));
    }
}

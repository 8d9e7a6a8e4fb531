package io.glint.domain.features;

/**
 * Kinesis sequence numbers as the feature store keeps them: decimal strings as Kinesis writes them (up to 129 digits,
 * no leading zeros), compared as numbers: the longer one is greater, and among equally long ones text order is
 * numeric order.
 */
public final class SequenceNumbers {
    private SequenceNumbers() {}

    /** Negative, zero or positive as {@code a} is before, at or after {@code b} in its shard. */
    public static int compare(String a, String b) {
        int byLength = Integer.compare(a.length(), b.length());
        return byLength != 0 ? byLength : a.compareTo(b);
    }

    /** Whether {@code sequenceNumber} is after {@code watermark}; everything is after no watermark (null). */
    public static boolean after(String sequenceNumber, String watermark) {
        return watermark == null || compare(sequenceNumber, watermark) > 0;
    }
}

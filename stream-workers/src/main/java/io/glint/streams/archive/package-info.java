/**
 * The raw interaction-event archive in S3, which the training job reads, and the stream's dead letters, both in the
 * archive bucket ({@code GLINT_ARCHIVE_BUCKET}):
 *
 * <ul>
 *   <li>{@code events/dt=YYYY-MM-DD/hour=HH/<shardId>-<firstSequenceNumber>.ndjson.gz}: one event's compact JSON per
 *       line, gzip, written per shard by {@link io.glint.streams.archive.ShardArchive}, partitioned by the UTC hour at
 *       which the file was opened, like Kinesis Firehose's output (Hive-style, so Athena and Spark prune by date and
 *       hour).
 *   <li>{@code dead-letters/dt=YYYY-MM-DD/<shardId>-<sequenceNumber>.json}: one record that could not be decoded,
 *       written by {@link io.glint.streams.archive.DeadLetters}.
 * </ul>
 *
 * <p>Both are written from the KCL thread that owns the shard and block it until S3 has the object, because the
 * processor checkpoints only what is in S3. Both are at least once: after a worker dies, the next owner replays from
 * the checkpoint, and a replayed event can land in a second archive file. Readers deduplicate on {@code eventId}.
 */
package io.glint.streams.archive;

package io.glint.streams.analysis;

import io.glint.core.aws.Infrastructure;
import io.glint.core.config.ConfigException;
import io.glint.core.config.Env;
import io.glint.core.config.ResourceNames;
import io.glint.core.config.RunMode;
import io.glint.domain.feed.FeedConfig;
import io.glint.events.kinesis.EventPublisherConfig;
import io.glint.media.MediaLimits;
import io.glint.streams.sqs.SqsConsumerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything the upload analysis role reads from the environment.
 *
 * @param consumer the uploads queue and how many uploads are analysed at once ({@code GLINT_ANALYSIS_MAX_IN_FLIGHT},
 *     default 4); long polls of 20 s on AWS, 2 s locally (a stop waits for the poll)
 * @param limits what an upload may be ({@code GLINT_MEDIA_*})
 * @param minLabelConfidence labels below this confidence, in percent, are not kept ({@code
 *     GLINT_ANALYSIS_MIN_LABEL_CONFIDENCE}, default 50: the local analyzer's models rate a clearly visible person at
 *     50–65 %; Rekognition's own default is 55)
 * @param moderationThreshold a moderation label at or above this confidence, in percent, blocks the post ({@code
 *     GLINT_ANALYSIS_MODERATION_THRESHOLD}, default 80)
 * @param maxLabels labels kept per image ({@code GLINT_ANALYSIS_MAX_LABELS}, default 20)
 * @param events the publisher of {@code post_published} events ({@code GLINT_EVENTS_*})
 * @param feed how a published post is delivered to timelines ({@code GLINT_FEED_*})
 * @param recheckDelays when an analysed upload has no post yet, how long after the analysis (and then after each
 *     recheck) the worker looks again ({@code GLINT_ANALYSIS_RECHECK_DELAYS_S}, seconds, comma-separated, each at most
 *     900, SQS's longest delay; default {@code 60,300,900}); after the last it stops, the upload abandoned
 */
public record AnalysisWorkerConfig(
        SqsConsumerConfig consumer,
        MediaLimits limits,
        int minLabelConfidence,
        int moderationThreshold,
        int maxLabels,
        EventPublisherConfig events,
        FeedConfig feed,
        List<Duration> recheckDelays) {
    public static final String RECHECK_DELAYS = "GLINT_ANALYSIS_RECHECK_DELAYS_S";
    public static final String MAX_IN_FLIGHT = "GLINT_ANALYSIS_MAX_IN_FLIGHT";
    public static final String MIN_LABEL_CONFIDENCE = "GLINT_ANALYSIS_MIN_LABEL_CONFIDENCE";
    public static final String MODERATION_THRESHOLD = "GLINT_ANALYSIS_MODERATION_THRESHOLD";
    public static final String MAX_LABELS = "GLINT_ANALYSIS_MAX_LABELS";

    public AnalysisWorkerConfig {
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(feed, "feed");
        recheckDelays = List.copyOf(recheckDelays);
        for (Duration delay : recheckDelays) {
            if (delay.isNegative() || delay.compareTo(Duration.ofSeconds(900)) > 0) {
                throw new IllegalArgumentException("a recheck delay must be between 0 and 900 s, but is " + delay);
            }
        }
        requirePercent("minLabelConfidence", minLabelConfidence);
        requirePercent("moderationThreshold", moderationThreshold);
        if (maxLabels < 1 || maxLabels > 1_000) {
            throw new IllegalArgumentException("maxLabels must be between 1 and 1000, but is " + maxLabels);
        }
    }

    public static AnalysisWorkerConfig from(Env env) {
        ResourceNames names = ResourceNames.from(env);
        Duration poll = env.mode() == RunMode.LOCAL ? Duration.ofSeconds(2) : Duration.ofSeconds(20);
        return new AnalysisWorkerConfig(
                new SqsConsumerConfig(
                        names.uploadsQueue(),
                        env.integer(MAX_IN_FLIGHT, 4, 1, 256),
                        poll,
                        Infrastructure.UPLOADS_VISIBILITY_TIMEOUT,
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(30)),
                MediaLimits.from(env),
                env.integer(MIN_LABEL_CONFIDENCE, 50, 0, 100),
                env.integer(MODERATION_THRESHOLD, 80, 0, 100),
                env.integer(MAX_LABELS, 20, 1, 1_000),
                EventPublisherConfig.from(env),
                FeedConfig.from(env),
                recheckDelays(env));
    }

    private static List<Duration> recheckDelays(Env env) {
        String value = env.string(RECHECK_DELAYS, "60,300,900");
        List<Duration> delays = new ArrayList<>();
        for (String part : value.split(",")) {
            String seconds = part.trim();
            if (seconds.isEmpty()) {
                continue;
            }
            try {
                int parsed = Integer.parseInt(seconds);
                if (parsed < 0 || parsed > 900) {
                    throw new NumberFormatException();
                }
                delays.add(Duration.ofSeconds(parsed));
            } catch (NumberFormatException e) {
                throw new ConfigException(
                        RECHECK_DELAYS + " must be comma-separated seconds from 0 to 900, but is '" + value + "'");
            }
        }
        return delays;
    }

    private static void requirePercent(String name, int value) {
        if (value < 0 || value > 100) {
            throw new IllegalArgumentException(name + " must be between 0 and 100, but is " + value);
        }
    }
}

package io.glint.api.recommend;

import io.glint.api.recommend.RecommendationService.Item;
import io.glint.api.recommend.RecommendationService.Ranking;
import io.glint.events.EventPublisher;
import io.glint.events.EventType;
import io.glint.events.InteractionEvent;
import io.glint.model.scoring.Scores;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Logs what recommendations, explore pages and ranked timelines showed as {@code impression} events, with the
 * experiment arm, position, source and the path that scored each, so that training sees what was shown and not
 * engaged with. Publishing never blocks nor fails: an event the publisher refuses is counted as dropped.
 */
public final class ImpressionLog {
    /** Impression events, tagged {@code outcome} {@code logged} or {@code dropped}. */
    public static final String IMPRESSIONS = "glint.recommendations.impressions";

    private static final String DESCRIPTION =
            "Impression events of what recommendations and ranked timelines showed, by outcome:"
                    + " logged (taken by the publisher) or dropped (refused: its buffer was full)";
    /** The longest model version an event carries (the rest is cut). */
    private static final int MODEL_VERSION_CHARS = 200;

    private final EventPublisher events;
    private final Clock clock;
    private final Counter logged;
    private final Counter dropped;

    public ImpressionLog(EventPublisher events, Clock clock, MeterRegistry registry) {
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.logged = Counter.builder(IMPRESSIONS)
                .tag("outcome", "logged")
                .description(DESCRIPTION)
                .register(registry);
        this.dropped = Counter.builder(IMPRESSIONS)
                .tag("outcome", "dropped")
                .description(DESCRIPTION)
                .register(registry);
    }

    /** Logs recommended (or explored) items in the order shown, at {@code now}. */
    public void recommended(String userId, List<Item> items, String experiment, Scores scores, Instant now) {
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            Map<String, String> context =
                    context(experiment, i, item.source(), scores.servedBy().wireName(), scores.modelVersion());
            if (item.authorId() != null) {
                context.put("authorId", item.authorId());
            }
            publish(InteractionEvent.create(EventType.IMPRESSION, userId, item.itemId(), now, context));
        }
    }

    /** Logs what a ranked timeline showed: {@code itemIds} in the order shown, ranked by {@code ranking}. */
    public void shown(String userId, List<String> itemIds, Ranking ranking) {
        Instant now = clock.instant();
        for (int i = 0; i < itemIds.size(); i++) {
            Map<String, String> context =
                    context(ranking.experiment(), i, "timeline", ranking.servedBy(), ranking.modelVersion());
            publish(InteractionEvent.create(EventType.IMPRESSION, userId, itemIds.get(i), now, context));
        }
    }

    private static Map<String, String> context(
            String experiment, int position, String source, String servedBy, String modelVersion) {
        Map<String, String> context = new HashMap<>();
        context.put("experiment", experiment);
        context.put("position", Integer.toString(position));
        context.put("source", source);
        context.put("servedBy", servedBy);
        context.put(
                "modelVersion",
                modelVersion.length() > MODEL_VERSION_CHARS
                        ? modelVersion.substring(0, MODEL_VERSION_CHARS)
                        : modelVersion);
        return context;
    }

    private void publish(InteractionEvent event) {
        if (events.publish(event)) {
            logged.increment();
        } else {
            dropped.increment();
        }
    }
}

package io.glint.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.exec;

import io.glint.load.journeys.Journey;
import java.util.List;

/**
 * The recommendation path alone: each session opens "For you" and reports what it saw, as the web app does. Its
 * summary's server-side p99 of {@code GET /v1/recommendations} is the figure to hold under 50 ms. Defaults: open
 * profile at 5 sessions/s, closed profile with 4 users; no creators (no uploads, so no analysis competing for the
 * cores).
 */
public class RecommendationSimulation extends GlintSimulation {

    public RecommendationSimulation() {
        super(5, 4, 0);
        run(
                "recommendations",
                exec(journeys.recommendations()).exec(think()).exec(journeys.reportViews()),
                List.of(Journey.RECOMMENDATIONS, Journey.REPORT_VIEWS));
    }
}

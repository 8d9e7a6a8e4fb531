package io.glint.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.exec;

import io.glint.load.journeys.Journey;
import java.util.List;

/**
 * Every journey, as the web app's users do them: each session browses the feed, opens "For you", reports what it saw,
 * and in a share of sessions likes and comments ({@code likePercent}, 33 by default) or uploads a photo
 * ({@code uploadPercent}, 2). Defaults: open profile at 3 sessions/s (what a two-core machine holds with every gate, see the README), closed profile
 * with 10 users; 2 creators.
 */
public class MixedSimulation extends GlintSimulation {

    public MixedSimulation() {
        super(3, 10, 2);
        run(
                "mixed",
                exec(journeys.browseFeed())
                        .exec(think())
                        .exec(journeys.recommendations())
                        .exec(think())
                        .exec(journeys.reportViews())
                        .doIf(share(settings.likePercent()))
                        .then(exec(think()).exec(journeys.likeAndComment()))
                        .doIf(share(settings.uploadPercent()))
                        .then(exec(think()).exec(journeys.upload())),
                List.of(Journey.values()));
    }
}

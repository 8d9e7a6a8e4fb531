package io.glint.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.glint.load.journeys.Journey;
import io.glint.load.journeys.Journeys;
import io.glint.load.journeys.Measurements;
import io.glint.load.journeys.Photos;
import io.glint.load.journeys.World;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every Glint simulation shares: a setup phase that creates its own data through the API (creators sign up and
 * upload photos that get published; then the accounts sign up and follow the creators), then the load, one session per
 * virtual user on one of those accounts, shaped by {@link LoadSettings} (an unmeasured ramp and warm-up, then the
 * measured part); the gates; and, at the end, the measurements Gatling's statistics do not hold ({@link
 * Measurements}).
 */
abstract class GlintSimulation extends Simulation {
    private static final Logger LOG = LoggerFactory.getLogger(GlintSimulation.class);

    protected final LoadSettings settings;
    protected final World world = new World();
    protected final Measurements measurements = new Measurements();
    protected final Journeys journeys;

    GlintSimulation(double defaultRate, int defaultUsers, int defaultCreators) {
        this.settings = LoadSettings.fromSystemProperties(defaultRate, defaultUsers, defaultCreators);
        this.journeys = new Journeys(world, measurements, Photos::load, settings.publishTimeout());
    }

    /**
     * Sets the run up: the setup phase, then {@code session} for every virtual user of the load, gated on the failed
     * requests and on these journeys' p99.
     */
    protected final void run(String name, ChainBuilder session, List<Journey> gated) {
        PopulationBuilder accounts = scenario("setup: accounts")
                .exec(journeys.signUpAccount())
                .injectOpen(atOnceUsers(settings.accounts()))
                .andThen(settings.load(name, journeys.keepSignedIn().exec(session), world.accounts()));
        PopulationBuilder all = settings.creators() == 0
                ? accounts
                : scenario("setup: creators")
                        .exec(journeys.signUpCreator())
                        .repeat(settings.postsPerCreator())
                        .on(journeys.upload())
                        .injectOpen(atOnceUsers(settings.creators()))
                        .andThen(accounts);
        setUp(all)
                .protocols(settings.protocol())
                .assertions(settings.gates(gated))
                .maxDuration(settings.maxDuration());
    }

    /** A pause around the configured think time (uniform between half and one and a half times it), or none. */
    protected final ChainBuilder think() {
        Duration mean = settings.thinkTime();
        return mean.isZero() ? ChainBuilder.EMPTY : pause(mean.dividedBy(2), mean.plus(mean.dividedBy(2)));
    }

    /**
     * True for exactly {@code percent} % of the sessions that ask, spread evenly (the n-th asking session when the
     * running share first reaches the next whole session): a short run gets its share too, unlike a coin toss.
     */
    protected static Function<Session, Boolean> share(double percent) {
        AtomicLong asked = new AtomicLong();
        return session -> {
            long n = asked.incrementAndGet();
            return Math.floor(n * percent / 100) > Math.floor((n - 1) * percent / 100);
        };
    }

    @Override
    public void after() {
        Path file = settings.measurementsFile(getClass());
        measurements.write(file);
        LOG.info("Measurements (server-side timings, uploads to published): {}", file.toAbsolutePath());
    }
}

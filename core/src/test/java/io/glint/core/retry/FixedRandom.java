package io.glint.core.retry;

import java.util.random.RandomGenerator;

/** A random source whose draws are a fixed fraction of their bound: tests see the waits they expect. */
final class FixedRandom implements RandomGenerator {
    private final double fraction;

    private FixedRandom(double fraction) {
        this.fraction = fraction;
    }

    /** Draws the largest value below the bound, that is the ceiling of the wait. */
    static FixedRandom highest() {
        return new FixedRandom(1.0);
    }

    static FixedRandom lowest() {
        return new FixedRandom(0.0);
    }

    static FixedRandom fraction(double fraction) {
        return new FixedRandom(fraction);
    }

    @Override
    public long nextLong(long bound) {
        return Math.min(bound - 1, (long) (fraction * bound));
    }

    @Override
    public long nextLong() {
        throw new UnsupportedOperationException("only bounded draws are expected");
    }
}

package io.glint.training;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;

/**
 * Shows how far a long run has come, stage by stage ("reading", "replaying", "training round k/K", "evaluating users
 * i/N"). On a terminal it redraws one bar per stage in place with {@code \r}; otherwise (a log file, a CI console) it
 * prints a line at every tenth of a stage, so the output stays readable. Not thread-safe: one run, one thread.
 */
public final class Progress {
    private static final int BAR_WIDTH = 24;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean terminal;

    /**
     * @param terminal whether {@code out} is a terminal that understands {@code \r}
     */
    public Progress(PrintStream out, boolean terminal) {
        this.out = Objects.requireNonNull(out, "out");
        this.terminal = terminal;
    }

    /** Progress on {@code out}, redrawn in place when the JVM has a console ({@code System.console() != null}). */
    public static Progress forConsole(PrintStream out) {
        return new Progress(out, System.console() != null);
    }

    /** Progress that prints nothing. */
    public static Progress silent() {
        return new Progress(new PrintStream(java.io.OutputStream.nullOutputStream()), false);
    }

    /**
     * Starts a stage.
     *
     * @param total how many steps it has, or 0 or less when unknown (then only counts are shown)
     */
    public Stage start(String name, long total) {
        return new Stage(name, total);
    }

    /** Prints a line of its own. */
    public void note(String line) {
        out.println(line);
        out.flush();
    }

    /** One stage; {@link #close} prints its final line with the time it took. */
    public final class Stage implements AutoCloseable {
        private final String name;
        private final long total;
        private final long started = System.nanoTime();
        private long done;
        private String detail = "";
        private int lastTenth;
        private long lastDraw;
        private boolean closed;

        private Stage(String name, long total) {
            this.name = name;
            this.total = total;
            if (terminal) {
                draw();
            }
        }

        public void advance(long steps) {
            set(done + steps);
        }

        /** Sets how many steps are done. */
        public void set(long doneSoFar) {
            done = doneSoFar;
            show(false);
        }

        /** Sets a short text shown after the count, e.g. the latest validation metric. */
        public void detail(String text) {
            detail = text == null ? "" : text;
            show(false);
        }

        /** Sets the count and the text together. */
        public void set(long doneSoFar, String text) {
            done = doneSoFar;
            detail = text == null ? "" : text;
            show(false);
        }

        private void show(boolean force) {
            if (terminal) {
                long now = System.nanoTime();
                if (force || now - lastDraw >= REDRAW_NANOS || (total > 0 && done >= total)) {
                    draw();
                    lastDraw = now;
                }
                return;
            }
            if (total > 0) {
                int tenth = (int) Math.min(10, done * 10 / total);
                if (tenth > lastTenth && tenth < 10) {
                    lastTenth = tenth;
                    out.println(name + ": " + tenth * 10 + "% (" + count() + ")" + suffix());
                    out.flush();
                }
            }
        }

        private void draw() {
            StringBuilder line = new StringBuilder("\r").append(name).append(' ');
            if (total > 0) {
                int filled = (int) Math.min(BAR_WIDTH, done * BAR_WIDTH / total);
                line.append('[')
                        .append("=".repeat(filled))
                        .append(" ".repeat(BAR_WIDTH - filled))
                        .append("] ")
                        .append(String.format(Locale.ROOT, "%3d%% ", Math.min(100, done * 100 / total)));
            }
            line.append(count()).append(suffix()).append("\u001b[K"); // Erase what a longer previous line left.
            out.print(line);
            out.flush();
        }

        private String count() {
            return total > 0
                    ? String.format(Locale.ROOT, "%,d/%,d", done, total)
                    : String.format(Locale.ROOT, "%,d", done);
        }

        private String suffix() {
            return detail.isEmpty() ? "" : "  " + detail;
        }

        /** The seconds since the stage started. */
        public double seconds() {
            return (System.nanoTime() - started) / 1e9;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            String summary = String.format(Locale.ROOT, "%s: done, %s in %.1f s%s", name, count(), seconds(), suffix());
            if (terminal) {
                out.print("\r" + summary + "\u001b[K"); // The bar gives way to its summary.
                out.println();
            } else {
                out.println(summary);
            }
            out.flush();
        }
    }
}

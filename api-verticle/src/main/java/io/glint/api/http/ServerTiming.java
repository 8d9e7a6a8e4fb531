package io.glint.api.http;

import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The server-side phases of one request, for its {@code Server-Timing} header: the whole first (its name given when the
 * header is made), then each phase in the order it ended, e.g. {@code recommend;dur=23.1, route;dur=1.2,
 * user;dur=4.0, ...}. A phase lasts from the end of the one before (or the request reaching the router) to its {@link
 * #mark}. Browsers' developer tools show the phases; the load tests record them, so that a slow request says which
 * phase it was slow in.
 *
 * <p>Not thread-safe, and needs not be: one request's callbacks run on its event loop.
 */
public final class ServerTiming {
    private final long start;
    private long last;
    private final List<String> names = new ArrayList<>(8);
    private final List<Long> nanos = new ArrayList<>(8);

    private ServerTiming(long start) {
        this.start = start;
        this.last = start;
    }

    /** Phases of the request of {@code ctx}, from when it reached the router. */
    public static ServerTiming of(RoutingContext ctx) {
        return new ServerTiming(ctx.<Long>get(RequestIdHandler.RECEIVED_AT, System.nanoTime()));
    }

    /** Phases from now, of work that is not a request's (its header is never sent). */
    public static ServerTiming starting() {
        return new ServerTiming(System.nanoTime());
    }

    /** Ends the phase {@code name} (a token: letters, digits, {@code -} or {@code _}) now. */
    public void mark(String name) {
        long now = System.nanoTime();
        names.add(name);
        nanos.add(now - last);
        last = now;
    }

    /** Nanoseconds since the start. */
    public long elapsedNanos() {
        return System.nanoTime() - start;
    }

    /** The header's value: {@code total} with the time since the start, then every phase marked. */
    public String header(String total, long totalNanos) {
        StringBuilder header = new StringBuilder(16 + names.size() * 20);
        append(header, total, totalNanos);
        for (int i = 0; i < names.size(); i++) {
            header.append(", ");
            append(header, names.get(i), nanos.get(i));
        }
        return header.toString();
    }

    private static void append(StringBuilder header, String name, long nanos) {
        header.append(name).append(";dur=").append(String.format(Locale.ROOT, "%.1f", nanos / 1e6));
    }
}

package io.glint.core.vertx;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Netty 4.2's pooled allocator registers JFR event types in their static initializers, the first time it allocates a
 * chunk; registration takes a few hundred milliseconds, which would otherwise be spent on whichever event loop
 * allocates first (a user's first request). Initializing them at start-up moves that cost off the event loop.
 */
public final class NettyWarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(NettyWarmUp.class);
    private static final List<String> JFR_EVENTS = List.of(
            "io.netty.buffer.AllocateChunkEvent",
            "io.netty.buffer.FreeChunkEvent",
            "io.netty.buffer.AllocateBufferEvent",
            "io.netty.buffer.FreeBufferEvent",
            "io.netty.buffer.ReallocateBufferEvent");
    private static volatile boolean done;

    private NettyWarmUp() {}

    /** Initializes the event classes once per JVM; blocking: call it before Vert.x starts, never on an event loop. */
    public static void run() {
        if (done) {
            return;
        }
        synchronized (NettyWarmUp.class) {
            if (done) {
                return;
            }
            for (String name : JFR_EVENTS) {
                try {
                    Class.forName(name, true, NettyWarmUp.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    // Another Netty version, or no JFR: nothing to warm up.
                    LOG.debug("Netty JFR event {} not initialized: {}", name, e.toString());
                }
            }
            done = true;
        }
    }
}

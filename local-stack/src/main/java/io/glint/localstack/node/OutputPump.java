package io.glint.localstack.node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Reads a child process's output line by line into SLF4J, keeping the last lines for error messages. A child whose
 * output nobody reads blocks once the pipe is full, so every child gets one.
 */
final class OutputPump {
    /** Enough for npm's error summary, which follows a stack trace and an object dump. */
    private static final int TAIL_LINES = 50;

    private final InputStream output;
    private final Logger log;
    private final Consumer<String> listener;
    private final Runnable onEnd;
    private final Deque<String> tail = new ArrayDeque<>();
    private final Thread thread;

    /**
     * A pump that reads once {@link #start()}ed.
     *
     * @param listener sees every line, on the pump's thread; must not block or throw
     * @param onEnd runs on the pump's thread once the output has ended (the child closed it or exited)
     */
    OutputPump(InputStream output, Logger log, String threadName, Consumer<String> listener, Runnable onEnd) {
        this.output = Objects.requireNonNull(output, "output");
        this.log = Objects.requireNonNull(log, "log");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.onEnd = Objects.requireNonNull(onEnd, "onEnd");
        this.thread = new Thread(this::pump, threadName);
        this.thread.setDaemon(true);
    }

    /** Starts reading on a daemon thread. */
    OutputPump start() {
        thread.start();
        return this;
    }

    private void pump() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                log.info("{}", line);
                synchronized (tail) {
                    if (tail.size() == TAIL_LINES) {
                        tail.removeFirst();
                    }
                    tail.addLast(line);
                }
                listener.accept(line);
            }
        } catch (IOException e) {
            // The pipe closes under us when the process is destroyed; nothing that matters is lost.
            log.debug("Output ended: {}", e.toString());
        } finally {
            onEnd.run();
        }
    }

    /** The last lines, oldest first. */
    List<String> tail() {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }

    /** The last {@code count} lines on one line, for a one-line error message. */
    String lastLines(int count) {
        List<String> lines = tail();
        List<String> last = lines.subList(Math.max(0, lines.size() - count), lines.size());
        return last.isEmpty() ? "(no output)" : String.join(" | ", last);
    }

    /** Waits for the output to end, at most {@code millis}. */
    void join(long millis) throws InterruptedException {
        thread.join(millis);
    }
}

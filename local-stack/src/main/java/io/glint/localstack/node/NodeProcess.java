package io.glint.localstack.node;

import io.glint.localstack.LocalStackException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A script of the {@link NodePackage} running as a child process, with its output in SLF4J (logger {@code
 * io.glint.localstack.node.<name>}).
 *
 * <p>The readiness contract for scripts: once listening, print {@code glint-ready port=<port>}; on failure, print
 * {@code glint-error <CODE> <message>} and exit non-zero; exit when standard input ends (the JVM holds it open, so a
 * JVM killed without running its shutdown hooks still takes the script with it).
 *
 * <p>{@link #close()} stops the process and its descendants, gracefully and then forcibly; a JVM shutdown hook does the
 * same if the JVM exits first, so that a Ctrl-C of {@code ./glint local} leaves no orphaned {@code node}.
 */
public final class NodeProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeProcess.class);
    private static final String READY = "glint-ready port=";
    private static final String ERROR = "glint-error ";
    private static final Duration GRACE = Duration.ofSeconds(3);
    /**
     * At JVM exit, how long the reaper lets the owner's own orderly shutdown (which stops the roles that still use this
     * process before it closes the stack) run before it destroys the process itself.
     */
    private static final Duration ORDERLY_EXIT_WINDOW = Duration.ofSeconds(30);

    private final String name;
    private final Process process;
    private final OutputPump pump;
    private final int port;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();

    private NodeProcess(String name, Process process, OutputPump pump, int port, Thread shutdownHook) {
        this.name = name;
        this.process = process;
        this.pump = pump;
        this.port = port;
        this.shutdownHook = shutdownHook;
    }

    /**
     * Runs {@code node <script> <arguments>} in the package's folder and waits until it is ready and its port accepts
     * connections.
     *
     * @param name a short name for logs and threads, e.g. {@code kinesis}
     * @throws NodeStartException when the script exits or reports an error before it is ready, or is not ready in time
     * @throws LocalStackException when {@code node} cannot be run at all
     */
    public static NodeProcess start(
            String name, NodePackage nodePackage, String script, List<String> arguments, Duration readyTimeout) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(nodePackage, "nodePackage");
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(readyTimeout, "readyTimeout");
        List<String> command = new ArrayList<>();
        command.add("node");
        command.add(nodePackage.file(script).toString());
        command.addAll(arguments);
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(nodePackage.directory().toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new LocalStackException(
                    "node could not be run (" + e.getMessage().replaceAll(" \\(in directory [^)]*\\)", "")
                            + "); the local " + name + " stand-in needs Node.js 18 or later on the PATH",
                    e);
        }
        Thread hook = new Thread(() -> reapAtExit(process), "glint-node-" + name + "-reaper");
        Runtime.getRuntime().addShutdownHook(hook);

        CompletableFuture<Integer> ready = new CompletableFuture<>();
        AtomicReference<String> errorCode = new AtomicReference<>();
        AtomicReference<OutputPump> pump = new AtomicReference<>();
        pump.set(new OutputPump(
                process.getInputStream(),
                LoggerFactory.getLogger(NodeProcess.class.getPackageName() + "." + name),
                "glint-node-" + name + "-output",
                line -> {
                    if (line.startsWith(READY)) {
                        String port = line.substring(READY.length()).trim();
                        try {
                            ready.complete(Integer.parseInt(port));
                        } catch (NumberFormatException e) {
                            ready.completeExceptionally(
                                    new NodeStartException(script + " reported an unreadable port: " + port, null));
                        }
                    } else if (line.startsWith(ERROR)) {
                        String rest = line.substring(ERROR.length());
                        int space = rest.indexOf(' ');
                        errorCode.compareAndSet(null, space < 0 ? rest : rest.substring(0, space));
                    }
                },
                // The output has ended: if the script was not ready by then, it never will be.
                () -> ready.completeExceptionally(new NodeStartException(
                        script + " exited before it was ready" + exitCode(process) + ": "
                                + pump.get().lastLines(5),
                        errorCode.get()))));
        pump.get().start();

        try {
            int port = ready.get(readyTimeout.toMillis(), TimeUnit.MILLISECONDS);
            awaitConnectable(port, readyTimeout);
            LOG.info("{} ({}) is ready on 127.0.0.1:{} (pid {})", name, script, port, process.pid());
            return new NodeProcess(name, process, pump.get(), port, hook);
        } catch (ExecutionException e) {
            abort(process, hook);
            throw e.getCause() instanceof NodeStartException failure
                    ? failure
                    : new NodeStartException(script + " failed: " + e.getCause(), errorCode.get());
        } catch (TimeoutException e) {
            abort(process, hook);
            throw new NodeStartException(
                    script + " was not ready within " + readyTimeout.toSeconds() + " s: "
                            + pump.get().lastLines(5),
                    errorCode.get());
        } catch (InterruptedException e) {
            abort(process, hook);
            Thread.currentThread().interrupt();
            throw new NodeStartException("interrupted while waiting for " + script, null);
        } catch (RuntimeException e) {
            abort(process, hook);
            throw e;
        }
    }

    private static void abort(Process process, Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down and the hook runs anyway.
        }
        destroyTree(process.toHandle(), GRACE);
    }

    /** The port the script listens on, on loopback. */
    public int port() {
        return port;
    }

    /**
     * Writes one line to the script's standard input, for scripts that take settings while they run (the Rekognition
     * stand-in learns the S3 endpoint this way, since it starts before S3 has a port).
     *
     * @throws LocalStackException when the process has been closed or no longer reads its input
     */
    public synchronized void send(String line) {
        Objects.requireNonNull(line, "line");
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a line must not contain a line break");
        }
        if (closed.get()) {
            throw new LocalStackException(name + " is closed");
        }
        try {
            OutputStream stdin = process.getOutputStream();
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new LocalStackException(name + " does not read its input any more: " + e.getMessage(), e);
        }
    }

    /** The node process (its descendants are stopped with it). */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** Stops the process and its descendants: gracefully, then forcibly; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down and the hook runs anyway.
        }
        try (OutputStream stdin = process.getOutputStream()) {
            // Ending stdin asks the script to exit by itself.
        } catch (IOException e) {
            LOG.debug("Closing {}'s stdin failed: {}", name, e.toString());
        }
        destroyTree(process.toHandle(), GRACE);
        try {
            pump.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.debug("{} stopped (pid {})", name, process.pid());
    }

    /**
     * Stops a process and every descendant: SIGTERM first, then, after {@code grace}, SIGKILL for whatever is left.
     * Descendants are collected first, since they are re-parented and unreachable once their parent has gone.
     */
    /**
     * The shutdown hook: the process is normally stopped by its owner's orderly close, which may first have to stop
     * whatever still talks to it (a KCL worker checkpointing on the Kinesis stand-in); only when that has not happened
     * within {@link #ORDERLY_EXIT_WINDOW} is the process tree destroyed here.
     */
    private static void reapAtExit(Process process) {
        try {
            process.onExit().get(ORDERLY_EXIT_WINDOW.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            destroyTree(process.toHandle(), GRACE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            destroyTree(process.toHandle(), GRACE);
        }
    }

    static void destroyTree(ProcessHandle root, Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(root);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle handle : tree) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                try {
                    handle.onExit().get(left, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (ExecutionException | TimeoutException e) {
                    // Forced below.
                }
            }
        }
        for (ProcessHandle handle : tree) {
            if (handle.isAlive()) {
                handle.destroyForcibly();
                try {
                    handle.onExit().get(2, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException | TimeoutException e) {
                    // Nothing more can be done from here.
                }
            }
        }
    }

    private static String exitCode(Process process) {
        try {
            return process.waitFor(1, TimeUnit.SECONDS) ? " (exit " + process.exitValue() + ")" : "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static void awaitConnectable(int port, Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("port " + port + " does not accept connections");
                }
                Thread.sleep(20);
            }
        }
    }
}

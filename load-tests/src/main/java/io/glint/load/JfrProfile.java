package io.glint.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * What a Java Flight Recorder recording of Glint says about the load window: where the CPU went and what allocated, so
 * that a load run names its hot paths instead of leaving them to be guessed from latencies.
 *
 * <p>From the events of JFR's {@code profile} settings whose start lies inside the window:
 *
 * <ul>
 *   <li><b>CPU by thread pool</b> ({@code jdk.ThreadCPULoad}, every thread's user + system load, sampled every 10 s;
 *       thread names with their numbers taken out, so {@code vert.x-eventloop-thread-0} and {@code -1} are one pool),
 *       against the whole process's ({@code jdk.CPULoad}: the difference is the JVM's own threads, GC and JIT). This
 *       counts native code too;
 *   <li><b>Java CPU samples</b> ({@code jdk.ExecutionSample}, every 10 ms of each thread running Java code): by the
 *       method on top of the stack ("self"), and by the innermost Glint method on the stack ({@code io.glint.*}: what of
 *       Glint's own code the time was spent under, inclusive);
 *   <li><b>Allocation</b> ({@code jdk.ObjectAllocationSample}, whose weights add up to the bytes allocated): by class, by
 *       allocating method, and by the innermost Glint method on the stack;
 *   <li><b>Garbage collection</b> ({@code jdk.GarbageCollection}): collections, pause time, the longest pause.
 * </ul>
 *
 * <p>The share of a row is its part of the section's total: samples for CPU, bytes for allocation.
 */
final class JfrProfile {
    private static final String GLINT = "io.glint.";
    private static final Pattern NUMBERS = Pattern.compile("\\d+");

    private final Instant from;
    private final Instant to;
    private final int rows;

    private final Map<String, double[]> threadLoad = new HashMap<>(); // pool -> {sum of user + system}
    private final Map<Long, Integer> threadLoadPeriods = new HashMap<>(); // thread id -> its events
    private double processLoad;
    private double machineLoad;
    private int processLoadSamples;
    private final Map<String, Long> selfSamples = new HashMap<>();
    private final Map<String, Long> glintSamples = new HashMap<>();
    private long cpuSamples;
    private final Map<String, Long> allocatedByClass = new HashMap<>();
    private final Map<String, Long> allocatedBySite = new HashMap<>();
    private final Map<String, Long> allocatedByGlint = new HashMap<>();
    private long allocatedBytes;
    private long collections;
    private Duration pauses = Duration.ZERO;
    private Duration longestPause = Duration.ZERO;
    private int cores = Runtime.getRuntime().availableProcessors();

    private JfrProfile(Instant from, Instant to, int rows) {
        this.from = from;
        this.to = to;
        this.rows = rows;
    }

    /**
     * Reads {@code recording} and summarises its events that started in {@code [from, to]}, keeping the top {@code rows}
     * of each table.
     */
    static JfrProfile read(Path recording, Instant from, Instant to, int rows) {
        JfrProfile profile = new JfrProfile(from, to, rows);
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                Instant start = event.getStartTime();
                if (!start.isBefore(from) && !start.isAfter(to)) {
                    profile.add(event);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the flight recording " + recording, e);
        }
        return profile;
    }

    private void add(RecordedEvent event) {
        switch (event.getEventType().getName()) {
            case "jdk.ExecutionSample" -> {
                cpuSamples++;
                RecordedStackTrace stack = event.getStackTrace();
                selfSamples.merge(top(stack), 1L, Long::sum);
                glintSamples.merge(firstGlint(stack), 1L, Long::sum);
            }
            case "jdk.ObjectAllocationSample" -> {
                long weight = event.getLong("weight");
                allocatedBytes += weight;
                allocatedByClass.merge(typeName(event.getClass("objectClass").getName()), weight, Long::sum);
                RecordedStackTrace stack = event.getStackTrace();
                allocatedBySite.merge(top(stack), weight, Long::sum);
                allocatedByGlint.merge(firstGlint(stack), weight, Long::sum);
            }
            case "jdk.ThreadCPULoad" -> {
                double[] load = threadLoad.computeIfAbsent(pool(event.getThread()), name -> new double[1]);
                load[0] += event.getFloat("user") + event.getFloat("system");
                // One event per thread and period: the longest-lived thread's count is the window's periods.
                threadLoadPeriods.merge(event.getThread().getJavaThreadId(), 1, Integer::sum);
            }
            case "jdk.CPULoad" -> {
                processLoad += event.getFloat("jvmUser") + event.getFloat("jvmSystem");
                machineLoad += event.getFloat("machineTotal");
                processLoadSamples++;
            }
            case "jdk.GarbageCollection" -> {
                collections++;
                pauses = pauses.plus(event.getDuration("sumOfPauses"));
                Duration longest = event.getDuration("longestPause");
                if (longest.compareTo(longestPause) > 0) {
                    longestPause = longest;
                }
            }
            case "jdk.CPUInformation" -> cores = Math.max(1, event.getInt("hwThreads"));
            default -> {
                // Not summarised.
            }
        }
    }

    /** The thread's pool: its name with the numbers taken out ({@code vert.x-eventloop-thread-#}). */
    static String pool(RecordedThread thread) {
        if (thread == null) {
            return "(unknown)";
        }
        String name = thread.getJavaName() != null ? thread.getJavaName() : thread.getOSName();
        return name == null ? "(unnamed)" : NUMBERS.matcher(name).replaceAll("#");
    }

    /** A class's name as Java source writes it: {@code byte[]} for {@code [B}, {@code java.lang.Object[]} for
     * {@code [Ljava.lang.Object;}. */
    static String typeName(String binaryName) {
        int dimensions = 0;
        while (dimensions < binaryName.length() && binaryName.charAt(dimensions) == '[') {
            dimensions++;
        }
        if (dimensions == 0) {
            return binaryName;
        }
        String element = binaryName.substring(dimensions);
        String name =
                switch (element) {
                    case "Z" -> "boolean";
                    case "B" -> "byte";
                    case "C" -> "char";
                    case "S" -> "short";
                    case "I" -> "int";
                    case "J" -> "long";
                    case "F" -> "float";
                    case "D" -> "double";
                    default ->
                        element.startsWith("L") && element.endsWith(";")
                                ? element.substring(1, element.length() - 1)
                                : element;
                };
        return name + "[]".repeat(dimensions);
    }

    private static String top(RecordedStackTrace stack) {
        if (stack == null || stack.getFrames().isEmpty()) {
            return "(no stack)";
        }
        return frame(stack.getFrames().get(0));
    }

    private static String firstGlint(RecordedStackTrace stack) {
        if (stack == null) {
            return "(no stack)";
        }
        for (RecordedFrame frame : stack.getFrames()) {
            if (frame.isJavaFrame() && frame.getMethod().getType().getName().startsWith(GLINT)) {
                return frame(frame);
            }
        }
        // A truncated stack (JFR keeps the top 64 frames) or a thread that runs no Glint code (S3Proxy's, ElasticMQ's,
        // the
        // SDK's, Netty's): said as such rather than guessed.
        return stack.isTruncated() ? "(below the recorded depth)" : "(no Glint frame)";
    }

    private static String frame(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "."
                + frame.getMethod().getName() + " (" + type.substring(0, Math.max(0, type.lastIndexOf('.'))) + ")";
    }

    /** The window's length in seconds. */
    double seconds() {
        return Math.max(1e-3, Duration.between(from, to).toMillis() / 1000.0);
    }

    /** Java CPU samples in the window. */
    long cpuSamples() {
        return cpuSamples;
    }

    /** Bytes allocated in the window (the allocation samples' weights). */
    long allocatedBytes() {
        return allocatedBytes;
    }

    /** The top rows of the Java CPU samples by method on top of the stack: method to share (0–1). */
    List<Map.Entry<String, Double>> topSelf() {
        return shares(selfSamples, cpuSamples);
    }

    /** The top rows of the Java CPU samples by the innermost Glint method on the stack: method to share (0–1). */
    List<Map.Entry<String, Double>> topGlint() {
        return shares(glintSamples, cpuSamples);
    }

    /** The top rows of allocation by class: class to share of the bytes (0–1). */
    List<Map.Entry<String, Double>> topAllocatedClasses() {
        return shares(allocatedByClass, allocatedBytes);
    }

    /** The top rows of allocation by allocating method: method to share of the bytes (0–1). */
    List<Map.Entry<String, Double>> topAllocationSites() {
        return shares(allocatedBySite, allocatedBytes);
    }

    /** The top rows of allocation by the innermost Glint method on the stack: method to share of the bytes (0–1). */
    List<Map.Entry<String, Double>> topGlintAllocation() {
        return shares(allocatedByGlint, allocatedBytes);
    }

    /** The process's mean CPU over the window in cores (from {@code jdk.CPULoad}; NaN without samples). */
    double processCores() {
        return processLoadSamples == 0 ? Double.NaN : processLoad / processLoadSamples * cores;
    }

    /** Per thread pool, its mean CPU over the window in cores (from {@code jdk.ThreadCPULoad}), the busiest first. */
    List<Map.Entry<String, Double>> poolCores() {
        int periods = threadLoadPeriods.values().stream()
                .mapToInt(Integer::intValue)
                .max()
                .orElse(1);
        return threadLoad.entrySet().stream()
                // One event per thread and period, its load a share of the whole machine: a pool's mean over the
                // window is the sum over its threads' events divided by the periods.
                .map(entry -> Map.entry(entry.getKey(), entry.getValue()[0] / periods * cores))
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(rows)
                .toList();
    }

    private List<Map.Entry<String, Double>> shares(Map<String, Long> counts, long total) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(rows)
                .map(entry -> Map.entry(entry.getKey(), total == 0 ? 0.0 : (double) entry.getValue() / total))
                .toList();
    }

    /** The summary's {@code profile} section. */
    ObjectNode json(ObjectMapper mapper, Path recording) {
        ObjectNode root = mapper.createObjectNode();
        root.put("recording", recording.toString());
        root.put("from", from.toString());
        root.put("to", to.toString());
        root.put("seconds", round(seconds()));
        ObjectNode cpu = root.putObject("cpu");
        cpu.put("processCores", round(processCores()));
        cpu.set("threadPoolCores", rows(mapper, poolCores(), false));
        cpu.put("javaSamples", cpuSamples);
        cpu.set("self", rows(mapper, topSelf(), true));
        cpu.set("underGlintMethod", rows(mapper, topGlint(), true));
        ObjectNode allocation = root.putObject("allocation");
        allocation.put("megabytesPerSecond", round(allocatedBytes / 1e6 / seconds()));
        allocation.set("byClass", rows(mapper, topAllocatedClasses(), true));
        allocation.set("bySite", rows(mapper, topAllocationSites(), true));
        allocation.set("underGlintMethod", rows(mapper, topGlintAllocation(), true));
        ObjectNode gc = root.putObject("gc");
        gc.put("collections", collections);
        gc.put("pauseSeconds", round(pauses.toNanos() / 1e9));
        gc.put("longestPauseMillis", round(longestPause.toNanos() / 1e6));
        return root;
    }

    private static ArrayNode rows(ObjectMapper mapper, List<Map.Entry<String, Double>> rows, boolean share) {
        ArrayNode array = mapper.createArrayNode();
        for (Map.Entry<String, Double> row : rows) {
            ObjectNode node = array.addObject();
            node.put("name", row.getKey());
            node.put(share ? "share" : "cores", round(row.getValue()));
        }
        return array;
    }

    /** The text report ({@code profile.txt} beside the recording). */
    String text() {
        StringWriter buffer = new StringWriter();
        PrintWriter out = new PrintWriter(buffer);
        out.printf(Locale.ROOT, "Flight recording %s .. %s (%.1f s)%n%n", from, to, seconds());
        out.printf(
                Locale.ROOT,
                "CPU: the process %.2f cores (machine %.0f %%), by thread pool (cores):%n",
                processCores(),
                processLoadSamples == 0 ? Double.NaN : machineLoad / processLoadSamples * 100);
        poolCores().forEach(row -> out.printf(Locale.ROOT, "  %6.2f  %s%n", row.getValue(), row.getKey()));
        section(out, "Java CPU samples (" + cpuSamples + "), by method on top of the stack", topSelf());
        section(out, "Java CPU samples, by the innermost Glint method on the stack", topGlint());
        section(
                out,
                String.format(Locale.ROOT, "Allocation (%.1f MB/s), by class", allocatedBytes / 1e6 / seconds()),
                topAllocatedClasses());
        section(out, "Allocation, by allocating method", topAllocationSites());
        section(out, "Allocation, by the innermost Glint method on the stack", topGlintAllocation());
        out.printf(
                Locale.ROOT,
                "%nGC: %d collections, %.3f s of pauses, the longest %.1f ms%n",
                collections,
                pauses.toNanos() / 1e9,
                longestPause.toNanos() / 1e6);
        out.flush();
        return buffer.toString();
    }

    private static void section(PrintWriter out, String title, List<Map.Entry<String, Double>> rows) {
        out.printf("%n%s:%n", title);
        rows.forEach(row -> out.printf(Locale.ROOT, "  %5.1f %%  %s%n", row.getValue() * 100, row.getKey()));
    }

    private static double round(double value) {
        return Double.isNaN(value) ? 0 : Math.round(value * 1000) / 1000.0;
    }
}

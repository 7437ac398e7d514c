package org.darts4j.gpu;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Time and launches per kernel, printed to stderr when the program ends (DARTS4J_PROFILE=1). */
final class Profile {
    private final Map<String, long[]> byKernel = new TreeMap<>();

    static Profile fromEnvironment(GpuBackend backend) {
        if (!"1".equals(System.getenv("DARTS4J_PROFILE"))) return null;
        Profile p = new Profile();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.err.print(p.table(backend.device().toString()))));
        return p;
    }

    synchronized void add(String kernel, long nanos) {
        long[] v = byKernel.computeIfAbsent(kernel, k -> new long[2]);
        v[0] += nanos;
        v[1]++;
    }

    synchronized String table(String device) {
        StringBuilder sb = new StringBuilder("kernel time on " + device + " (each launch waited for):\n");
        byKernel.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).forEach(e ->
                sb.append(String.format(Locale.ROOT, "  %-28s %9.3f s %8d launches %9.1f us each%n", e.getKey(), e.getValue()[0] / 1e9, e.getValue()[1],
                        e.getValue()[0] / 1e3 / e.getValue()[1])));
        return sb.toString();
    }
}

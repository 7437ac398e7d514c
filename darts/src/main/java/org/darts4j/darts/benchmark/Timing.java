package org.darts4j.darts.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.darts4j.tensor.Backend;

/** How the whole-step benchmarks time: the median of timed repetitions after one warm-up, and the peak resident memory. */
final class Timing {
    private Timing() {}

    /** Median seconds of {@code steps} runs of {@code step} after one warm-up; on a GPU each run waits for the device's queue. */
    static double median(Runnable step, int steps, Backend device) {
        Runnable sync = device::synchronize;
        step.run();
        sync.run();
        double[] t = new double[steps];
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            step.run();
            sync.run();
            t[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(t);
        return t.length % 2 == 1 ? t[t.length / 2] : (t[t.length / 2 - 1] + t[t.length / 2]) / 2;
    }

    /** VmHWM of /proc/self/status (peak resident set size of the process), or -1 where there is none. */
    static double peakResidentMiB() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) return -1;
        for (String line : Files.readAllLines(status))
            if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        return -1;
    }
}

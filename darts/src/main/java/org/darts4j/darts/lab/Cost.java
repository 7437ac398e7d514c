package org.darts4j.darts.lab;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.function.Supplier;

/**
 * What a computation costs: wall time, bytes allocated by all threads, and the peak of the heap above where it stood
 * after a collection at the start (an upper bound: it includes garbage not yet collected).
 */
record Cost(double seconds, double allocatedMiB, double peakHeapMiB) {
    record Measured<T>(T value, Cost cost) {}

    static <T> Measured<T> of(Supplier<T> work) {
        System.gc();
        long base = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() != MemoryType.HEAP) continue;
            p.resetPeakUsage();
            base += p.getUsage().getUsed();
        }
        long alloc0 = allocated();
        long t0 = System.nanoTime();
        T v = work.get();
        double s = (System.nanoTime() - t0) / 1e9;
        long alloc = allocated() - alloc0, peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) peak += p.getPeakUsage().getUsed();
        return new Measured<>(v, new Cost(s, alloc / 1048576.0, Math.max(0, peak - base) / 1048576.0));
    }

    /** Bytes allocated so far by the live threads (the kernels' worker threads live as long as the process). */
    private static long allocated() {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t) || !t.isThreadAllocatedMemorySupported()) return 0;
        long sum = 0;
        for (long b : t.getThreadAllocatedBytes(t.getAllThreadIds())) if (b > 0) sum += b;
        return sum;
    }
}

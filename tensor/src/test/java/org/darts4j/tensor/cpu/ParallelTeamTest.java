package org.darts4j.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * The team behind {@link Parallel#range}: workers that spin, a caller that runs chunks no worker has taken. Whoever runs
 * a chunk, every index runs once, the chunks are those of n and the thread count, failures reach the caller, and
 * calls from several threads or nested in a chunk neither deadlock nor split differently.
 */
class ParallelTeamTest {
    /** The chunks a call was split into, as "from-to", over many calls in a row (the workers spinning, or woken). */
    @Test void everyIndexRunsOnceInTheChunksOfNAndTheThreadCount() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (Parallel.Scope s = Parallel.scope(3)) {
                for (int call = 0; call < 2000; call++) {
                    int n = 1 + call % 50;
                    AtomicIntegerArray hits = new AtomicIntegerArray(n);
                    Set<String> chunks = ConcurrentHashMap.newKeySet();
                    Parallel.range(n, 1, (from, to) -> {
                        chunks.add(from + "-" + to);
                        for (int i = from; i < to; i++) hits.incrementAndGet(i);
                    });
                    for (int i = 0; i < n; i++) assertEquals(1, hits.get(i), "index " + i + " of " + n);
                    int c = Math.min(3, n);
                    Set<String> expected = ConcurrentHashMap.newKeySet();
                    for (int k = 0; k < c; k++) expected.add((long) n * k / c + "-" + (long) n * (k + 1) / c);
                    assertEquals(expected, chunks, "n = " + n);
                    if (call % 400 == 399) Thread.sleep(5);   // long enough for the workers to stop spinning and sleep
                }
            }
        });
    }

    @Test void aFailureInAWorkersChunkReachesTheCallerAndTheTeamGoesOn() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (Parallel.Scope s = Parallel.scope(2)) {
                IllegalStateException boom = new IllegalStateException("chunk 1");
                RuntimeException got = assertThrows(RuntimeException.class, () -> Parallel.range(10, 1, (from, to) -> {
                    if (from > 0) throw boom;
                }));
                assertSame(boom, got);
                assertThrows(AssertionError.class, () -> Parallel.range(10, 1, (from, to) -> {
                    if (from > 0) throw new AssertionError("an Error, as it is");
                }));
                AtomicIntegerArray hits = new AtomicIntegerArray(10);
                Parallel.range(10, 1, (from, to) -> { for (int i = from; i < to; i++) hits.incrementAndGet(i); });
                for (int i = 0; i < 10; i++) assertEquals(1, hits.get(i));
            }
        });
    }

    /** A call nested in a chunk runs inline on the thread that runs the chunk, whichever thread that is. */
    @Test void aNestedCallRunsInlineOnTheChunksThread() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (Parallel.Scope s = Parallel.scope(2)) {
                List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
                for (int call = 0; call < 200; call++) {
                    Parallel.range(2, 1, (from, to) -> {
                        if (from == 0) return;   // the caller's own chunk: its nested calls may split as before
                        String outer = Thread.currentThread().getName();
                        Parallel.range(8, 1, (f, t) -> {
                            if (f != 0 || t != 8 || !Thread.currentThread().getName().equals(outer)) wrong.add(outer + " " + f + "-" + t);
                        });
                    });
                }
                assertTrue(wrong.isEmpty(), wrong.toString());
            }
        });
    }

    /** Two threads of one scope (a run and its data loader) call at once: each call completes, every index once. */
    @Test void callsFromTwoThreadsOnOneTeamComplete() throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (Parallel.Scope s = Parallel.scope(2)) {
                AtomicIntegerArray hits = new AtomicIntegerArray(2 * 1000 * 64);
                Thread[] callers = new Thread[2];
                for (int k = 0; k < 2; k++) {
                    int base = k * 1000 * 64;
                    callers[k] = new Thread(() -> {
                        for (int call = 0; call < 1000; call++) {
                            int at = base + call * 64;
                            Parallel.range(64, 1, (from, to) -> { for (int i = from; i < to; i++) hits.incrementAndGet(at + i); });
                        }
                    });
                }
                for (Thread t : callers) t.start();
                for (Thread t : callers) t.join();
                for (int i = 0; i < hits.length(); i++) assertEquals(1, hits.get(i), "index " + i);
            }
        });
    }
}

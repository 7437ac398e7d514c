package org.darts4j.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Scoped thread counts: a thread's own pool, seen by its workers too, independent of another thread's scope. */
class ParallelScopeTest {
    /** The distinct threads a range of {@code n} runs on, and the count {@link Parallel#threads()} reports on each. */
    private static Set<String> threadsOf(int n, Set<Integer> reported) {
        Set<String> names = ConcurrentHashMap.newKeySet();
        Parallel.range(n, 1, (from, to) -> {
            names.add(Thread.currentThread().getName());
            reported.add(Parallel.threads());
            try { Thread.sleep(20); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
        });
        return names;
    }

    /** The calling thread (named anything but a pool worker) or a worker of a scope's pool, never of the JVM's pool. */
    private static boolean callerOrScopeWorker(String name) { return !name.startsWith("darts4j-cpu-"); }

    @Test void aScopeSplitsOverItsOwnCountAndItsWorkersReportIt() {
        int global = Parallel.threads();
        try (Parallel.Scope s = Parallel.scope(3)) {
            assertEquals(3, Parallel.threads());
            Set<Integer> reported = ConcurrentHashMap.newKeySet();
            Set<String> names = threadsOf(30, reported);
            assertTrue(names.size() >= 2 && names.size() <= 3 && names.stream().allMatch(ParallelScopeTest::callerOrScopeWorker), names.toString());
            assertEquals(Set.of(3), reported);
            try (Parallel.Scope inner = Parallel.scope(1)) {
                assertEquals(Set.of(Thread.currentThread().getName()), threadsOf(30, ConcurrentHashMap.newKeySet()), "one thread: the caller alone");
            }
            assertEquals(3, Parallel.threads(), "closing the inner scope restores the outer one");
        }
        assertEquals(global, Parallel.threads());
    }

    @Test void twoThreadsEachKeepTheirOwnCount() throws Exception {
        CountDownLatch both = new CountDownLatch(2);
        AtomicInteger wrong = new AtomicInteger();
        Runnable[] bodies = new Runnable[2];
        for (int k = 0; k < 2; k++) {
            int n = k + 1;
            bodies[k] = () -> {
                try (Parallel.Scope s = Parallel.scope(n)) {
                    both.countDown();
                    both.await();
                    for (int i = 0; i < 5; i++) {
                        Set<Integer> reported = ConcurrentHashMap.newKeySet();
                        Set<String> names = threadsOf(20, reported);
                        if (names.size() > n || !names.stream().allMatch(ParallelScopeTest::callerOrScopeWorker) || !reported.equals(Set.of(n)))
                            wrong.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
        }
        Thread a = new Thread(bodies[0]), b = new Thread(bodies[1]);
        a.start(); b.start(); a.join(); b.join();
        assertEquals(0, wrong.get());
    }

    @Test void threadsStartedInAScopeInheritItUntilItCloses() throws Exception {
        int global = Parallel.threads();
        int[] seen = new int[2];
        Parallel.Scope s = Parallel.scope(global + 1);
        Thread loader = new Thread(() -> seen[0] = Parallel.threads());
        loader.start(); loader.join();
        Thread late = new Thread(() -> {
            try { Thread.sleep(100); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
            seen[1] = Parallel.threads();
        });
        late.start();
        s.close();
        late.join();
        assertEquals(global + 1, seen[0]);
        assertEquals(global, seen[1], "a closed scope no longer counts");
    }

    @Test void aScopeIsClosedOnItsOwnThreadAndNeedsAPositiveCount() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> Parallel.scope(0));
        Parallel.Scope s = Parallel.scope(2);
        Throwable[] thrown = new Throwable[1];
        Thread t = new Thread(() -> { try { s.close(); } catch (Throwable e) { thrown[0] = e; } });
        t.start(); t.join();
        assertTrue(thrown[0] instanceof IllegalStateException, String.valueOf(thrown[0]));
        s.close();
    }
}

package org.darts4j.tensor.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits loops over a fixed number of threads. The split of a range depends only on its length and the thread count,
 * so results are the same bits for the same thread count. Nested calls run inline on the calling worker.
 * <p>
 * The thread count is the JVM's ({@link #setThreads}) unless the calling thread has opened a {@link #scope}: then
 * that thread, and the workers it splits loops over, use the scope's own pool. Two runs in one JVM (two tasks of one
 * Spark executor) so each get their own threads, and each gives the bits it would give alone with that count. Threads
 * started inside a scope inherit it.
 * <p>
 * A pool of t threads is the calling thread, which runs the first chunk, and a {@link Team} of t − 1 workers, one per
 * further chunk. A search step makes tens of thousands of calls of a few hundred microseconds each, so the hand-over
 * is what costs: woken from sleep, a worker started its chunk some 40 µs after the call (a futex round trip), and the
 * caller waited for it as long again. Workers therefore spin for {@link #SPIN_NANOS} after a chunk before they sleep,
 * as OpenMP's do, and the caller spins for the workers' chunks; a chunk no worker has taken yet when the caller is
 * done with its own, the caller runs itself. Which thread runs a chunk never changes its bits: chunks are fixed by n
 * and the thread count, and a call nested in a chunk runs inline, on a worker or not.
 */
public final class Parallel {
    private static volatile int threads = initialThreads();
    private static volatile Team pool = new Team(threads, 0);
    /** Inherited: threads a run starts inside its scope (its data loaders) split their loops over the run's pool too. */
    private static final InheritableThreadLocal<Scope> SCOPE = new InheritableThreadLocal<>();

    private Parallel() {}

    /** A body over the half-open range [from, to). */
    @FunctionalInterface
    public interface RangeBody { void run(int from, int to); }

    private static int initialThreads() {
        String p = System.getProperty("darts4j.threads", System.getenv("DARTS4J_THREADS"));
        if (p != null && !p.isBlank()) {
            try {
                int t = Integer.parseInt(p.trim());
                if (t >= 1) return t;
            } catch (NumberFormatException ignored) {
                // fall through to the default
            }
            throw new IllegalArgumentException("darts4j.threads must be a positive integer, got '" + p + "'");
        }
        return Runtime.getRuntime().availableProcessors();
    }

    private static final AtomicInteger SCOPES = new AtomicInteger();

    /** How long an idle worker, or a caller waiting for the workers, spins before it sleeps: the gap between two kernels is shorter. */
    static final long SPIN_NANOS = 200_000;

    /** One chunk of a call: posted to a worker, taken by it or by the caller, then done. */
    private static final class Job {
        static final int POSTED = 0, TAKEN = 1, DONE = 2;
        final RangeBody body;
        final int from, to;
        final AtomicInteger state = new AtomicInteger(POSTED);
        volatile Throwable error;

        Job(RangeBody body, int from, int to) { this.body = body; this.from = from; this.to = to; }

        /** Runs the chunk if nobody has taken it yet; returns whether this thread ran it. */
        boolean runIfFree() {
            if (!state.compareAndSet(POSTED, TAKEN)) return false;
            int[] depth = INLINE.get();
            depth[0]++;
            try {
                body.run(from, to);
            } catch (Throwable t) {
                error = t;
            } finally {
                depth[0]--;
                state.set(DONE);
            }
            return true;
        }
    }

    /** Calls made inside a chunk on this thread run inline, as on a worker (see {@link Job#runIfFree}). */
    private static final ThreadLocal<int[]> INLINE = ThreadLocal.withInitial(() -> new int[1]);

    /** A worker of a team: it knows its team's thread count, which is what {@link #threads()} says on it. */
    private static final class Worker extends Thread {
        final int threads;
        final AtomicReference<Job> slot = new AtomicReference<>();
        volatile boolean sleeping, stopped;

        Worker(int threads, int scope, int index) {
            this.threads = threads;
            setName((scope == 0 ? "darts4j-cpu-" : "darts4j-scope" + scope + "-cpu-") + index);
            setDaemon(true);
        }

        void post(Job j) {
            slot.set(j);
            if (sleeping) LockSupport.unpark(this);
        }

        @Override public void run() {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (!stopped) {
                Job j = slot.getAndSet(null);
                if (j != null) {
                    j.runIfFree();
                    spinUntil = System.nanoTime() + SPIN_NANOS;
                } else if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    sleeping = true;   // then look once more: post() sets the slot before it reads this flag
                    if (slot.get() == null && !stopped) LockSupport.park(this);
                    sleeping = false;
                    spinUntil = System.nanoTime() + SPIN_NANOS;
                }
            }
        }
    }

    /** The workers of a pool of {@code threads} (the caller is the first thread); one call at a time. */
    private static final class Team {
        final Worker[] workers;
        final AtomicBoolean busy = new AtomicBoolean();

        Team(int n, int scope) {
            int threads = Math.max(1, n);
            workers = new Worker[threads - 1];
            for (int i = 0; i < workers.length; i++) {
                workers[i] = new Worker(threads, scope, i);
                workers[i].start();
            }
        }

        void shutdown() {
            for (Worker w : workers) {
                w.stopped = true;
                LockSupport.unpark(w);
            }
        }
    }

    /** The thread count loops split over here: the scope's, the worker's pool's, or the JVM's. */
    public static int threads() {
        if (Thread.currentThread() instanceof Worker w) return w.threads;
        Scope s = open();
        return s != null ? s.threads : threads;
    }

    /** The calling thread's scope, or null when it has none (or inherited one that has been closed since). */
    private static Scope open() {
        Scope s = SCOPE.get();
        return s == null || s.closed ? null : s;
    }

    /**
     * Gives the calling thread a pool of {@code n} threads of its own until the scope is closed (try-with-resources;
     * closed on the thread that opened it). Scopes nest: closing one restores the one it replaced.
     */
    public static Scope scope(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be at least 1, got " + n);
        Scope s = new Scope(n, SCOPE.get());
        SCOPE.set(s);
        return s;
    }

    /** The calling thread's own thread count and pool; see {@link #scope(int)}. */
    public static final class Scope implements AutoCloseable {
        private final int threads;
        private final Team pool;
        private final Scope outer;
        private final Thread owner = Thread.currentThread();
        private volatile boolean closed;

        private Scope(int threads, Scope outer) {
            this.threads = threads;
            this.pool = new Team(threads, SCOPES.incrementAndGet());
            this.outer = outer;
        }

        public int threads() { return threads; }

        @Override public void close() {
            if (Thread.currentThread() != owner) throw new IllegalStateException("a Parallel scope is closed by the thread that opened it");
            if (outer == null) SCOPE.remove(); else SCOPE.set(outer);
            closed = true;
            pool.shutdown();
        }
    }

    /** Sets the number of threads the CPU kernels use, outside any {@link #scope}. */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be at least 1, got " + n);
        if (n == threads) return;
        Team old = pool;
        pool = new Team(n, 0);
        threads = n;
        old.shutdown();
    }

    /**
     * Runs {@code body} over [0, n) in at most {@link #threads()} contiguous chunks, each of at least {@code grain}
     * iterations. Returns when every chunk is done.
     */
    public static void range(int n, int grain, RangeBody body) {
        Scope s = open();
        int t = s != null ? s.threads : threads;
        int chunks = Math.min(t, Math.max(1, n / Math.max(1, grain)));
        if (chunks <= 1 || Thread.currentThread() instanceof Worker || INLINE.get()[0] > 0) {
            if (n > 0) body.run(0, n);
            return;
        }
        Team team = s != null ? s.pool : pool;
        Job[] jobs = new Job[chunks - 1];
        for (int c = 1; c < chunks; c++) jobs[c - 1] = new Job(body, (int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
        // another thread's call on this team (a data loader inheriting the scope): the same chunks, run here
        boolean posted = chunks - 1 <= team.workers.length && team.busy.compareAndSet(false, true);
        try {
            if (posted) for (int c = 0; c < jobs.length; c++) team.workers[c].post(jobs[c]);
            RuntimeException first = null;
            try {
                body.run(0, (int) ((long) n / chunks));
            } catch (RuntimeException e) {
                first = e;
            }
            for (Job j : jobs) {
                if (!j.runIfFree()) awaitDone(j);
                Throwable e = j.error;
                if (e instanceof Error err) throw err;
                if (e instanceof RuntimeException re && first == null) first = re;
            }
            if (first != null) throw first;
        } finally {
            if (posted) team.busy.set(false);
        }
    }

    /** Spins, then naps, until a worker has finished {@code j}. */
    private static void awaitDone(Job j) {
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (j.state.get() != Job.DONE) {
            if (System.nanoTime() < spinUntil) Thread.onSpinWait();
            else LockSupport.parkNanos(50_000);
        }
    }
}

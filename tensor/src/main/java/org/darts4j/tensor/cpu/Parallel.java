package org.darts4j.tensor.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Splits loops over a fixed number of threads. The split of a range depends only on its length and the thread count,
 * so results are the same bits for the same thread count. Nested calls run inline on the calling worker.
 * <p>
 * The thread count is the JVM's ({@link #setThreads}) unless the calling thread has opened a {@link #scope}: then
 * that thread, and the workers it splits loops over, use the scope's own pool. Two runs in one JVM (two tasks of one
 * Spark executor) so each get their own threads, and each gives the bits it would give alone with that count. Threads
 * started inside a scope inherit it.
 */
public final class Parallel {
    private static volatile int threads = initialThreads();
    private static volatile ForkJoinPool pool = newPool(threads, 0);
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

    /** A worker of a pool: it knows its pool's thread count, which is what {@link #threads()} says on it. */
    private static final class Worker extends ForkJoinWorkerThread {
        final int threads;

        Worker(ForkJoinPool p, int threads, int scope) {
            super(p);
            this.threads = threads;
            setName((scope == 0 ? "darts4j-cpu-" : "darts4j-scope" + scope + "-cpu-") + getPoolIndex());
            setDaemon(true);
        }
    }

    private static final java.util.concurrent.atomic.AtomicInteger SCOPES = new java.util.concurrent.atomic.AtomicInteger();

    private static ForkJoinPool newPool(int n, int scope) {
        int t = Math.max(1, n);
        return new ForkJoinPool(t, p -> new Worker(p, t, scope), null, false);
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
        private final ForkJoinPool pool;
        private final Scope outer;
        private final Thread owner = Thread.currentThread();
        private volatile boolean closed;

        private Scope(int threads, Scope outer) {
            this.threads = threads;
            this.pool = newPool(threads, SCOPES.incrementAndGet());
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
        ForkJoinPool old = pool;
        pool = newPool(n, 0);
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
        if (chunks <= 1 || ForkJoinTask.inForkJoinPool()) {
            if (n > 0) body.run(0, n);
            return;
        }
        ForkJoinPool p = s != null ? s.pool : pool;
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[chunks - 1];
        for (int c = 1; c < chunks; c++) {
            int from = (int) ((long) n * c / chunks), to = (int) ((long) n * (c + 1) / chunks);
            tasks[c - 1] = p.submit(() -> body.run(from, to));
        }
        RuntimeException first = null;
        try {
            body.run(0, (int) ((long) n / chunks));
        } catch (RuntimeException e) {
            first = e;
        }
        for (ForkJoinTask<?> task : tasks) {
            try {
                task.join();
            } catch (RuntimeException e) {
                if (first == null) first = e;
            }
        }
        if (first != null) throw first;
    }
}

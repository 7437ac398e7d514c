package org.darts4j.datasets;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.Shape;
import org.darts4j.tensor.Backend;
import org.darts4j.tensor.Tensor;
import org.darts4j.tensor.cpu.CpuBackend;

/**
 * Mini-batches of a data set, assembled on background threads ahead of the training step. The order of an epoch is a
 * permutation seeded by (seed, epoch) when shuffling; the random transforms of batch b of epoch e draw from a generator
 * seeded by (seed, e, b). So the same seed gives the same batches, bit for bit, whatever the number of threads.
 */
public final class DataLoader implements AutoCloseable {
    private final Dataset data;
    private final int batchSize;
    private final boolean shuffle, dropLast;
    private final long seed;
    private final List<Transform> transforms;
    private final TargetScaler targetScaler;
    private final DType dtype;
    private final Backend device;
    private final int prefetch;
    private final ExecutorService workers;

    private DataLoader(Builder b) {
        this.data = b.data;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.dropLast = b.dropLast;
        this.seed = b.seed;
        this.transforms = List.copyOf(b.transforms);
        this.targetScaler = b.targetScaler;
        this.dtype = b.dtype;
        this.device = b.device;
        this.prefetch = b.prefetch;
        this.workers = Executors.newFixedThreadPool(b.workers, r -> {
            Thread t = new Thread(r, "darts4j-loader");
            t.setDaemon(true);
            return t;
        });
        if (targetScaler != null && (data.task().isClassification() || targetScaler.outputs() != data.task().outputs()))
            throw new IllegalArgumentException("target scaler for " + targetScaler.outputs() + " targets does not fit data set " + data.name());
    }

    public static Builder builder(Dataset data, int batchSize) { return new Builder(data, batchSize); }

    /** Options, with PyTorch's {@code DataLoader} defaults where it has them. */
    public static final class Builder {
        private final Dataset data;
        private final int batchSize;
        private boolean shuffle = true, dropLast = false;
        private long seed = 0;
        private final List<Transform> transforms = new ArrayList<>();
        private TargetScaler targetScaler;
        private DType dtype = DType.FLOAT32;
        private Backend device = CpuBackend.get();
        private int prefetch = 4, workers = 1;

        private Builder(Dataset data, int batchSize) {
            if (batchSize < 1) throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
            if (data.size() == 0) throw new IllegalArgumentException("data set " + data.name() + " is empty");
            this.data = data;
            this.batchSize = batchSize;
        }

        public Builder shuffle(boolean s) { shuffle = s; return this; }
        public Builder dropLast(boolean d) { dropLast = d; return this; }
        public Builder seed(long s) { seed = s; return this; }
        public Builder transform(Transform t) { transforms.add(t); return this; }
        public Builder transforms(java.util.List<Transform> ts) { transforms.addAll(ts); return this; }
        public Builder targetScaler(TargetScaler s) { targetScaler = s; return this; }
        public Builder dtype(DType t) { dtype = t; return this; }
        /** The device the batches are delivered on (the CPU by default). */
        public Builder device(Backend b) { device = b; return this; }

        /** How many batches may be ready ahead of the consumer. */
        public Builder prefetch(int n) {
            if (n < 1) throw new IllegalArgumentException("prefetch must be at least 1, got " + n);
            prefetch = n;
            return this;
        }

        /** Threads that assemble batches. */
        public Builder workers(int n) {
            if (n < 1) throw new IllegalArgumentException("workers must be at least 1, got " + n);
            workers = n;
            return this;
        }

        public DataLoader build() { return new DataLoader(this); }
    }

    public Dataset dataset() { return data; }

    public int batchSize() { return batchSize; }

    public int batchesPerEpoch() { return dropLast ? data.size() / batchSize : (data.size() + batchSize - 1) / batchSize; }

    /** The batches of epoch {@code epoch}; close the iterator to stop early. */
    public BatchIterator epoch(int epoch) {
        int[] order = shuffle ? Splits.permutation(data.size(), mix(seed, epoch, -1)) : identity(data.size());
        return new BatchIterator(order, epoch);
    }

    private static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        return p;
    }

    private static long mix(long seed, long epoch, long batch) {
        long h = seed * 0x9E3779B97F4A7C15L + epoch * 0xC2B2AE3D27D4EB4FL + batch * 0x165667B19E3779F9L;
        return h ^ (h >>> 29);
    }

    /** Builds batch {@code b} of an epoch: reads, transforms and stacks its examples. */
    private Batch assemble(int[] order, int epoch, int b) {
        int from = b * batchSize, n = Math.min(batchSize, order.length - from);
        Shape s = data.imageShape();
        int per = s.numel();
        float[] px = new float[n * per];
        Generator rng = new Generator(mix(seed, epoch, b));
        int[] idx = new int[n];
        int[] labels = data.task().isClassification() ? new int[n] : null;
        int k = data.task().outputs();
        float[] targets = labels == null ? new float[n * k] : null;
        for (int i = 0; i < n; i++) {
            int e = order[from + i];
            idx[i] = e;
            data.readImage(e, px, i * per);
            for (Transform t : transforms) t.apply(px, i * per, s, rng);
            if (labels != null) labels[i] = data.label(e);
            else data.readTarget(e, targets, i * k);
        }
        if (targets != null && targetScaler != null) targetScaler.transform(targets, 0, n);
        Tensor images = Tensor.of(px, n, s.dim(0), s.dim(1), s.dim(2)).to(dtype);
        Tensor t = targets == null ? null : Tensor.of(targets, n, k).to(dtype);
        return new Batch(images, labels, t, idx).to(device);
    }

    /** The batches of one epoch, assembled up to {@code prefetch} ahead on the loader's threads. */
    public final class BatchIterator implements Iterator<Batch>, Iterable<Batch>, AutoCloseable {
        private final int[] order;
        private final int epoch, total;
        private int next, submitted;
        private final ArrayDeque<Future<Batch>> pending = new ArrayDeque<>();

        private BatchIterator(int[] order, int epoch) {
            this.order = order;
            this.epoch = epoch;
            this.total = batchesPerEpoch();
            fill();
        }

        private void fill() {
            while (submitted < total && pending.size() < prefetch) {
                int b = submitted++;
                pending.add(workers.submit(() -> assemble(order, epoch, b)));
            }
        }

        @Override public boolean hasNext() { return next < total; }

        @Override public Batch next() {
            if (!hasNext()) throw new NoSuchElementException("epoch " + epoch + " has " + total + " batches");
            Future<Batch> f = pending.poll();
            next++;
            try {
                Batch b = f.get();
                fill();
                return b;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a batch", e);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof RuntimeException r) throw r;
                throw new IllegalStateException("loading a batch of " + data.name() + " failed: " + c.getMessage(), c);
            }
        }

        @Override public Iterator<Batch> iterator() { return this; }

        @Override public void close() {
            for (Future<Batch> f : pending) f.cancel(true);
            pending.clear();
            next = total;
        }
    }

    @Override public void close() { workers.shutdownNow(); }
}

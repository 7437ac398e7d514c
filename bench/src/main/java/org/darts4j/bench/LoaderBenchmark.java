package org.darts4j.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.darts4j.datasets.Batch;
import org.darts4j.datasets.DataLoader;
import org.darts4j.datasets.Dataset;
import org.darts4j.datasets.InMemoryDataset;
import org.darts4j.datasets.Task;
import org.darts4j.datasets.Transforms;
import org.darts4j.datasets.io.Cifar10;
import org.darts4j.datasets.source.DataOptions;
import org.darts4j.datasets.source.DataSources;
import org.darts4j.tensor.Shape;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * How fast the loader delivers batches: 100 batches of 64 per benchmark call, with the DARTS reference's training
 * augmentation. {@code fashion-mnist} is the real training set (Debian's {@code dataset-fashion-mnist}) with random
 * crop (padding 2) and normalisation; {@code cifar-shaped} is 50,000 random 3x32x32 byte images (CIFAR-10's size, its
 * files are not on this machine) with random crop (padding 4), horizontal flip, normalisation and cutout 16.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class LoaderBenchmark {
    public static final int BATCHES = 100;

    @Param({"fashion-mnist", "cifar-shaped"})
    public String dataset;

    @Param({"1", "2"})
    public int workers;

    private DataLoader loader;
    private int epoch;

    @Setup(Level.Trial) public void setup() throws Exception {
        DataLoader.Builder b;
        if (dataset.equals("fashion-mnist")) {
            Dataset d = DataSources.load("fashion-mnist", DataOptions.defaults(), w -> { });
            b = DataLoader.builder(d, 64).transform(Transforms.randomCrop(2))
                    .transform(Transforms.normalize(new float[] {0.2860f}, new float[] {0.3530f}));
        } else {
            byte[] px = new byte[50_000 * 3072];
            new Random(1).nextBytes(px);
            int[] y = new int[50_000];
            for (int i = 0; i < y.length; i++) y[i] = i % 10;
            Dataset d = InMemoryDataset.ofBytes("cifar-shaped", Shape.of(3, 32, 32), px, y, Task.classification(10, Cifar10.CLASSES));
            b = DataLoader.builder(d, 64).transform(Transforms.randomCrop(4)).transform(Transforms.horizontalFlip(0.5))
                    .transform(Transforms.normalize(new float[] {0.4914f, 0.4822f, 0.4465f}, new float[] {0.2470f, 0.2435f, 0.2616f}))
                    .transform(Transforms.cutout(16));
        }
        loader = b.workers(workers).seed(1).build();
    }

    @TearDown(Level.Trial) public void close() { loader.close(); }

    /** 100 batches of 64, consumed as fast as the loader delivers them. */
    @Benchmark public void hundredBatches(Blackhole bh) {
        try (DataLoader.BatchIterator it = loader.epoch(epoch++)) {
            for (int i = 0; i < BATCHES && it.hasNext(); i++) {
                Batch b = it.next();
                bh.consume(b.images());
            }
        }
    }

    /** Reading the whole Fashion-MNIST training set (gzipped IDX) into memory. */
    @State(Scope.Benchmark)
    public static class Load {
        @Benchmark @BenchmarkMode(Mode.SingleShotTime) @Warmup(iterations = 2) @Measurement(iterations = 7)
        @OutputTimeUnit(TimeUnit.MILLISECONDS)
        public Dataset fashionMnistTrainingSet() throws Exception {
            return DataSources.load("fashion-mnist", DataOptions.defaults(), w -> { });
        }
    }
}

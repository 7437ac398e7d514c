package org.darts4j.bench;

import java.util.concurrent.TimeUnit;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.Tensor;
import org.darts4j.tensor.cpu.Parallel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Square float32 matrix multiplication {@code C = A·B} through the tensor API; GFLOP/s = 2n³ / time. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class GemmBenchmark {
    @Param({"256", "512", "1024"})
    public int n;

    @Param({"1", "2"})
    public int threads;

    @Param({"float32"})
    public String dtype;

    private Tensor a, b;

    @Setup public void setup() {
        Parallel.setThreads(threads);
        Generator g = new Generator(1);
        DType t = DType.parse(dtype);
        a = Tensor.uniform(g, t, -1, 1, n, n);
        b = Tensor.uniform(g, t, -1, 1, n, n);
    }

    @Benchmark public Tensor matmul() { return a.matmul(b); }
}

package org.darts4j.bench;

import java.util.concurrent.TimeUnit;
import org.darts4j.tensor.ConvParams;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.Shape;
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

/**
 * Float32 conv2d forward and its two backward kernels on the shapes of a DARTS search (batch 64): the depthwise 3x3
 * and 5x5 and the 1x1 convolutions of the separable and dilated operations, at C = 16..64 and 32x32 / 16x16, and a
 * dense 3x3 stem.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class Conv2dBenchmark {
    /** kind:C:HW — dw3, dw5 (depthwise, stride 1, same padding), dil3 (depthwise 3x3 dilation 2), pw (1x1), dense3. */
    @Param({"dw3:16:32", "dw5:16:32", "dil3:16:32", "pw:16:32", "dense3:16:32", "dw3:64:16", "pw:64:16"})
    public String shape;

    @Param({"2"})
    public int threads;

    @Param({"64"})
    public int batch;

    private Tensor x, w, gy;
    private ConvParams p;

    @Setup public void setup() {
        Parallel.setThreads(threads);
        String[] s = shape.split(":");
        int c = Integer.parseInt(s[1]), hw = Integer.parseInt(s[2]);
        Generator g = new Generator(1);
        int k;
        switch (s[0]) {
            case "dw3" -> { k = 3; p = ConvParams.of(1, 1, 1, c); }
            case "dw5" -> { k = 5; p = ConvParams.of(1, 2, 1, c); }
            case "dil3" -> { k = 3; p = ConvParams.of(1, 2, 2, c); }
            case "pw" -> { k = 1; p = ConvParams.of(1, 0, 1, 1); }
            case "dense3" -> { k = 3; p = ConvParams.of(1, 1, 1, 1); }
            default -> throw new IllegalArgumentException("unknown kind " + s[0]);
        }
        x = Tensor.normal(g, DType.FLOAT32, 0, 1, batch, c, hw, hw);
        w = Tensor.normal(g, DType.FLOAT32, 0, 0.1, c, c / p.groups(), k, k);
        gy = Tensor.normal(g, DType.FLOAT32, 0, 1, batch, c, p.outH(hw, k), p.outW(hw, k));
    }

    @Benchmark public Tensor forward() { return x.conv2d(w, p); }

    @Benchmark public Tensor inputGrad() { return x.backend().conv2dInputGrad(gy, w, x.shape(), p); }

    @Benchmark public Tensor weightGrad() { return x.backend().conv2dWeightGrad(x, gy, w.shape(), p); }

    Shape outShape() { return gy.shape(); }
}

package org.darts4j.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.darts4j.autograd.Autograd;
import org.darts4j.autograd.F;
import org.darts4j.autograd.Variable;
import org.darts4j.darts.search.MixedOp;
import org.darts4j.nn.layers.BatchNorm2d;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.PoolParams;
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
 * Float32 forward + backward of the pieces of a DARTS cell at the paper's search shapes (batch 64, C = 16, 32x32):
 * batch norm without affine in training mode, 3x3 max pooling (stride 1, padding 1), and one whole mixed operation
 * (all eight primitives, stride 1) with the gradient of its output's sum with respect to input, weights and p.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC", "-Xmx8g"})
public class DartsOpsBenchmark {
    @Param({"2"})
    public int threads;

    @Param({"64:16:32"})
    public String shape;

    private Variable x, p;
    private BatchNorm2d bn;
    private MixedOp mixed;
    private List<Variable> mixedInputs;

    @Setup public void setup() {
        Parallel.setThreads(threads);
        String[] s = shape.split(":");
        int n = Integer.parseInt(s[0]), c = Integer.parseInt(s[1]), hw = Integer.parseInt(s[2]);
        Generator g = new Generator(3);
        x = Variable.parameter(Tensor.normal(g, DType.FLOAT32, 0, 1, n, c, hw, hw));
        p = Variable.parameter(F.softmax(Variable.constant(Tensor.normal(g, DType.FLOAT32, 0, 1e-3, 8)), -1).data());
        bn = new BatchNorm2d(c, false, DType.FLOAT32);
        mixed = new MixedOp(c, 1, g, DType.FLOAT32);
        mixedInputs = new java.util.ArrayList<>(mixed.parameters());
        mixedInputs.add(x);
        mixedInputs.add(p);
    }

    @Benchmark public List<Variable> batchNorm() { return Autograd.grad(bn.forward(x).sum(), List.of(x), false); }

    @Benchmark public List<Variable> maxPool3x3() { return Autograd.grad(F.maxPool2d(x, PoolParams.of(3, 1, 1, false)).sum(), List.of(x), false); }

    @Benchmark public List<Variable> mixedOp() { return Autograd.grad(mixed.forward(x, p).sum(), mixedInputs, false); }
}

package org.darts4j.bench;

import com.aparapi.Kernel;
import com.aparapi.Range;
import java.util.concurrent.TimeUnit;
import org.darts4j.tensor.Devices;
import org.darts4j.gpu.GpuBackend;
import org.darts4j.tensor.Backend;
import org.darts4j.tensor.ConvParams;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.Tensor;
import org.darts4j.tensor.cpu.CpuBackend;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Aparapi judged on two kernels it could serve, on the same OpenCL device as darts4j's OpenCL backend (PoCL on the
 * CPU here): relu over a [64, 16, 32, 32] activation and a dense 3x3 convolution 16 → 16 on it (the algorithm of
 * kernels.cl's conv2d, one work item per output). Aparapi in explicit mode (inputs put on the device once, the output
 * read back each call, since an Aparapi kernel's buffers belong to its Java arrays and cannot feed another kernel),
 * against darts4j's OpenCL kernels (output left on the device, queue drained) and the CPU backend. Float32.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class AparapiBenchmark {
    @Param({"relu", "conv3x3"})
    public String op;

    static final int N = 64, C = 16, HW = 32;

    private float[] x, w, y;
    private Kernel kernel;
    private Range range;
    private Tensor cx, cw, gx, gw;
    private GpuBackend gpu;

    /** relu, one work item per element. */
    static final class Relu extends Kernel {
        final float[] x, y;

        Relu(float[] x, float[] y) { this.x = x; this.y = y; }

        @Override public void run() {
            int i = getGlobalId();
            float v = x[i];
            y[i] = v > 0 ? v : 0;
        }
    }

    /** 3x3 convolution, stride 1, padding 1, one work item per output (as kernels.cl's conv2d). */
    static final class Conv3x3 extends Kernel {
        final float[] x, w, y;

        Conv3x3(float[] x, float[] w, float[] y) { this.x = x; this.w = w; this.y = y; }

        @Override public void run() {
            int i = getGlobalId();
            int ow = i % HW, oh = i / HW % HW, co = i / (HW * HW) % C, nb = i / (HW * HW * C);
            float s = 0;
            for (int ci = 0; ci < C; ci++)
                for (int kh = 0; kh < 3; kh++) {
                    int ih = oh - 1 + kh;
                    if (ih >= 0 && ih < HW)
                        for (int kw = 0; kw < 3; kw++) {
                            int iw = ow - 1 + kw;
                            if (iw >= 0 && iw < HW) s += x[((nb * C + ci) * HW + ih) * HW + iw] * w[((co * C + ci) * 3 + kh) * 3 + kw];
                        }
                }
            y[i] = s;
        }
    }

    @Setup public void setup() {
        Parallel.setThreads(2);
        Generator g = new Generator(1);
        cx = Tensor.normal(g, DType.FLOAT32, 0, 1, N, C, HW, HW);
        cw = Tensor.normal(g, DType.FLOAT32, 0, 0.1, C, C, 3, 3);
        x = cx.toFloatArray();
        w = cw.toFloatArray();
        y = new float[x.length];
        kernel = op.equals("relu") ? new Relu(x, y) : new Conv3x3(x, w, y);
        kernel.setExplicit(true);
        kernel.put(x);
        if (op.equals("conv3x3")) kernel.put(w);
        range = Range.create(x.length, 128);
        Backend b = Devices.resolve("opencl", s -> {});
        gpu = (GpuBackend) b;
        gx = cx.to(b);
        gw = cw.to(b);
    }

    @TearDown public void tearDown() { kernel.dispose(); }

    @Benchmark public float[] aparapi() {
        kernel.execute(range);
        kernel.get(y);
        return y;
    }

    @Benchmark public Tensor darts4jOpenCl() {
        Tensor out = op.equals("relu") ? gx.relu() : gx.conv2d(gw, ConvParams.of(1, 1, 1, 1));
        gpu.synchronize();
        return out;
    }

    @Benchmark public Tensor darts4jCpu() {
        return op.equals("relu") ? cx.relu() : cx.conv2d(cw, ConvParams.of(1, 1, 1, 1));
    }

    /** What Aparapi ran on (it falls back to a Java thread pool when OpenCL fails). */
    @TearDown public void report() { System.err.println("aparapi execution mode: " + kernel.getExecutionMode() + " on " + kernel.getTargetDevice()); }
}

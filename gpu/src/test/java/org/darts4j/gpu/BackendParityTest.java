package org.darts4j.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.darts4j.tensor.Backend;
import org.darts4j.tensor.BinaryOp;
import org.darts4j.tensor.ConvParams;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.PoolParams;
import org.darts4j.tensor.ReduceOp;
import org.darts4j.tensor.Shape;
import org.darts4j.tensor.Tensor;
import org.darts4j.tensor.UnaryOp;
import org.darts4j.tensor.cpu.CpuBackend;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kernel of the GPU backends against the CPU reference, in float64 and float32, on the devices this machine has
 * (OpenCL on PoCL in CI; CUDA where a card is present). A device that is absent skips with the reason, except OpenCL
 * where a driver is registered (CI installs PoCL: there it must work).
 */
class BackendParityTest {
    static Stream<Arguments> devices() {
        List<Arguments> out = new ArrayList<>();
        for (String d : new String[] {"opencl", "cuda"})
            for (DType t : DType.values()) out.add(Arguments.of(d, t));
        return out.stream();
    }

    private static GpuBackend backend(String name) {
        try {
            return (GpuBackend) org.darts4j.tensor.Devices.resolve(name, s -> {});
        } catch (IllegalStateException e) {
            if (name.equals("opencl") && !org.darts4j.tensor.Devices.openClDrivers().isEmpty())
                throw new AssertionError("OpenCL drivers " + org.darts4j.tensor.Devices.openClDrivers() + " are registered but: " + e.getMessage(), e);
            Assumptions.abort(e.getMessage());
            return null;
        }
    }

    private final Generator gen = new Generator(7);

    private Tensor rand(DType t, int... shape) { return Tensor.normal(gen, t, 0, 1, shape); }

    /** f on the CPU and on the device agree to float64's or float32's precision. */
    private static void same(String what, GpuBackend gpu, Function<Backend, Tensor> f) {
        Tensor want = f.apply(CpuBackend.get()), got = f.apply(gpu);
        assertEquals(gpu.device(), got.device(), what + ": result left the device");
        assertEquals(want.shape(), got.shape(), what + ": shape");
        double[] w = want.to(DType.FLOAT64).toDoubleArray(), g = got.to(CpuBackend.get()).to(DType.FLOAT64).toDoubleArray();
        double tol = want.dtype() == DType.FLOAT64 ? 1e-11 : 2e-5;
        for (int i = 0; i < w.length; i++) {
            if (Double.isNaN(w[i])) { assertTrue(Double.isNaN(g[i]), what + "[" + i + "]: want NaN, got " + g[i]); continue; }
            assertEquals(w[i], g[i], tol * Math.max(1, Math.abs(w[i])), what + "[" + i + "]");
        }
    }

    @ParameterizedTest(name = "{0} {1}") @MethodSource("devices")
    void elementWiseAndCopies(String device, DType t) {
        GpuBackend gpu = backend(device);
        if (t == DType.FLOAT64) Assumptions.assumeTrue(gpu.hasFloat64(), "no float64 on " + gpu.describe());
        Tensor a = rand(t, 3, 4, 5), b = rand(t, 4, 1), pos = rand(t, 3, 4, 5).abs().add(0.1);
        for (UnaryOp op : UnaryOp.values()) {
            Tensor x = op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.RSQRT ? pos : a;
            same("unary " + op, gpu, be -> x.to(be).unary(op));
            same("unary " + op + " of a transposed view", gpu, be -> x.to(be).transpose(0, 2).unary(op));
        }
        for (BinaryOp op : BinaryOp.values()) {
            Tensor base = op == BinaryOp.POW ? pos : a;
            same("binary " + op + " same shape", gpu, be -> base.to(be).binary(op, a.neg().to(be)));
            same("binary " + op + " broadcast", gpu, be -> base.to(be).binary(op, b.to(be)));
            same("binary " + op + " scalar", gpu, be -> base.to(be).binary(op, Tensor.scalar(t, 2).to(be)));
            same("binary " + op + " strided views", gpu, be -> base.to(be).permute(2, 0, 1).binary(op, a.to(be).permute(2, 0, 1).slice(0, 0, 5, 1)));
        }
        Tensor nan = Tensor.fromArray(t, new double[] {1, Double.NaN, -2, 0}, 4);
        same("relu of NaN", gpu, be -> nan.to(be).relu());
        same("maximum with NaN", gpu, be -> nan.to(be).maximum(Tensor.zeros(t, 4).to(be)));
        Tensor deep = rand(t, 2, 3, 2, 3, 2, 3, 2, 3), across = rand(t, 3, 1, 3, 1, 3, 1, 3, 1);
        same("a rank-8 strided copy", gpu, be -> deep.to(be).permute(7, 6, 5, 4, 3, 2, 1, 0).contiguous());
        same("a rank-8 broadcast", gpu, be -> deep.to(be).permute(7, 6, 5, 4, 3, 2, 1, 0).add(across.to(be)));
        same("slice with a step", gpu, be -> a.to(be).slice(2, 1, 5, 2).copy());
        same("conversion", gpu, be -> a.to(be).to(t == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32));
        same("assign into a view", gpu, be -> {
            Tensor z = Tensor.zeros(be, t, Shape.of(3, 4, 5));
            z.slice(1, 1, 3, 1).assign(b.to(be).slice(0, 0, 2, 1).reshape(2, 1));
            return z;
        });
    }

    @ParameterizedTest(name = "{0} {1}") @MethodSource("devices")
    void reductionsAndProducts(String device, DType t) {
        GpuBackend gpu = backend(device);
        if (t == DType.FLOAT64) Assumptions.assumeTrue(gpu.hasFloat64(), "no float64 on " + gpu.describe());
        Tensor a = rand(t, 4, 5, 6), big = rand(t, 3, 70000);
        for (ReduceOp op : ReduceOp.values()) {
            for (int[] dims : new int[][] {{0}, {1}, {2}, {0, 2}, {0, 1, 2}, {}})
                for (boolean keep : new boolean[] {false, true})
                    same(op + " over " + java.util.Arrays.toString(dims) + (keep ? " keep" : ""), gpu, be -> {
                        Tensor x = be.unary(UnaryOp.NEG, a.to(be));
                        return be.reduce(op, x, dims.length == 0 ? new int[] {0, 1, 2} : dims, keep);
                    });
            same(op + " of long rows (in parts)", gpu, be -> be.reduce(op, big.to(be), new int[] {1}, false));
            same(op + " of everything", gpu, be -> be.reduce(op, big.to(be), new int[] {0, 1}, false));
        }
        Tensor m = rand(t, 37, 19), n = rand(t, 19, 23);
        same("matmul", gpu, be -> m.to(be).matmul(n.to(be)));
        same("matmul of transposed views", gpu, be -> n.to(be).transpose(0, 1).matmul(m.to(be).transpose(0, 1)));
        same("matmul of a sliced view", gpu, be -> m.to(be).slice(1, 2, 19, 1).matmul(n.to(be).slice(0, 2, 19, 1)));
        Tensor g = rand(t, 3, 40, 50);
        Tensor[] xs = {rand(t, 3, 40, 50), null, rand(t, 3, 40, 50), rand(t, 3, 40, 50)};
        Tensor w = Tensor.fromArray(t, new double[] {0.5, 0.1, -2, 0.25, 7}, 5).slice(0, 0, 4, 1);
        same("weighted sum", gpu, be -> be.weightedSum(on(be, xs), w.to(be)));
        Tensor w2 = rand(t, 4, 2);
        same("weighted sum with strided weights", gpu, be -> be.weightedSum(on(be, xs), w2.to(be).slice(1, 1, 2, 1).reshape(4)));
        double[] want = CpuBackend.get().dots(g, xs).toDoubleArray(), got = gpu.dots(g.to(gpu), on(gpu, xs)).toDoubleArray();
        assertArrayEquals(want, got, t == DType.FLOAT64 ? 1e-9 : 1e-3, "dots");
    }

    private static Tensor[] on(Backend be, Tensor[] xs) {
        Tensor[] out = new Tensor[xs.length];
        for (int i = 0; i < xs.length; i++) out[i] = xs[i] == null ? null : xs[i].to(be);
        return out;
    }

    @ParameterizedTest(name = "{0} {1}") @MethodSource("devices")
    void convolutionPoolingAndNorm(String device, DType t) {
        GpuBackend gpu = backend(device);
        if (t == DType.FLOAT64) Assumptions.assumeTrue(gpu.hasFloat64(), "no float64 on " + gpu.describe());
        Tensor x = rand(t, 2, 6, 9, 8);
        record Case(String name, int o, int k, ConvParams p) {}
        for (Case c : new Case[] {
                new Case("3x3", 4, 3, ConvParams.of(1, 1, 1, 1)),
                new Case("1x1", 5, 1, ConvParams.of(1, 0, 1, 1)),
                new Case("1x1 stride 2", 5, 1, ConvParams.of(2, 0, 1, 1)),
                new Case("depthwise 5x5 dilated", 6, 5, ConvParams.of(1, 4, 2, 6)),
                new Case("depthwise 3x3 stride 2", 6, 3, ConvParams.of(2, 1, 1, 6)),
                new Case("grouped", 4, 3, new ConvParams(2, 1, 0, 2, 1, 2, 2))}) {
            Tensor w = rand(t, c.o(), 6 / c.p().groups(), c.k(), c.k());
            same("conv2d " + c.name(), gpu, be -> x.to(be).conv2d(w.to(be), c.p()));
            Tensor y = CpuBackend.get().conv2d(x, w, c.p()), gy = rand(t, y.dims());
            same("conv2d input grad " + c.name(), gpu, be -> be.conv2dInputGrad(gy.to(be), w.to(be), x.shape(), c.p()));
            same("conv2d weight grad " + c.name(), gpu, be -> be.conv2dWeightGrad(x.to(be), gy.to(be), w.shape(), c.p()));
        }
        Tensor ties = x.mul(2).relu().add(0.0).binary(BinaryOp.MAXIMUM, Tensor.scalar(t, 0.5));
        for (PoolParams p : new PoolParams[] {PoolParams.of(3, 1, 1, false), PoolParams.of(3, 2, 1, false), PoolParams.of(2, 2, 0, true),
                new PoolParams(3, 2, 2, 1, 1, 0, true)}) {
            for (Tensor in : new Tensor[] {x, ties}) {
                same("max pool " + p, gpu, be -> in.to(be).maxPool2d(p));
                same("avg pool " + p, gpu, be -> in.to(be).avgPool2d(p));
                Tensor gy = rand(t, CpuBackend.get().maxPool2d(in, p).dims()), h = rand(t, in.dims());
                same("max pool scatter " + p, gpu, be -> be.maxPool2dScatter(gy.to(be), in.to(be), p));
                same("max pool gather " + p, gpu, be -> be.maxPool2dGather(h.to(be), in.to(be), p));
                same("avg pool backward " + p, gpu, be -> be.avgPool2dBackward(gy.to(be), in.shape(), p));
            }
        }
        Tensor gamma = rand(t, 6), beta = rand(t, 6), gy = rand(t, x.dims());
        same("bn mean", gpu, be -> be.batchNorm2dStatistics(x.to(be))[0]);
        same("bn var", gpu, be -> be.batchNorm2dStatistics(x.to(be))[1]);
        Tensor[] st = CpuBackend.get().batchNorm2dStatistics(x);
        Tensor invstd = st[1].add(1e-5).rsqrt();
        same("bn apply", gpu, be -> be.batchNorm2dApply(x.to(be), st[0].to(be), invstd.to(be), gamma.to(be), beta.to(be)));
        same("bn apply without affine", gpu, be -> be.batchNorm2dApply(x.to(be), st[0].to(be), invstd.to(be), null, null));
        for (boolean training : new boolean[] {true, false})
            for (int i = 0; i < 3; i++) {
                int k = i;
                same("bn backward " + k + (training ? " training" : " eval"), gpu,
                        be -> be.batchNorm2dBackward(gy.to(be), x.to(be), st[0].to(be), invstd.to(be), k == 2 ? null : gamma.to(be), training)[k]);
            }
    }
}

package org.darts4j.tensor.cpu;

import org.darts4j.tensor.Backend;
import org.darts4j.tensor.BinaryOp;
import org.darts4j.tensor.ConvParams;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Device;
import org.darts4j.tensor.PoolParams;
import org.darts4j.tensor.Recycling;
import org.darts4j.tensor.ReduceOp;
import org.darts4j.tensor.Shape;
import org.darts4j.tensor.Storage;
import org.darts4j.tensor.Tensor;
import org.darts4j.tensor.UnaryOp;
import org.darts4j.tensor.WeightedSums;

/** The pure-Java backend: the reference for every other device. Multi-threaded through {@link Parallel}. */
public final class CpuBackend implements Backend {
    private static final CpuBackend INSTANCE = new CpuBackend();

    private CpuBackend() {}

    public static CpuBackend get() { return INSTANCE; }

    @Override public Device device() { return Device.CPU; }

    /** Arrays of recycled tensors, reused by {@link #allocate}. */
    private final ArrayPool pool = ArrayPool.forThisJvm();

    @Override public Storage allocate(DType dtype, int length) { return storage(dtype, length, true); }

    /** An array from the pool, zero-filled when {@code cleared}, stamped with the calling thread's recycling scope. */
    private CpuStorage storage(DType dtype, int length, boolean cleared) {
        Recycling scope = Recycling.current();
        if (dtype == DType.FLOAT32) return new CpuStorage(cleared ? pool.floats(length) : pool.floatsUninitialized(length), scope);
        return new CpuStorage(cleared ? pool.doubles(length) : pool.doublesUninitialized(length), scope);
    }

    @Override public boolean recycle(Storage s, Recycling scope) {
        if (!(s instanceof CpuStorage c) || !c.recyclableBy(scope)) return false;
        if (c.f != null) pool.give(c.f); else pool.give(c.d);
        c.drop();
        return true;
    }

    /** Allocations of at least {@link ArrayPool#MIN_LENGTH} elements served by recycled arrays so far (tests, benchmarks). */
    public long recycledAllocations() { return pool.reused(); }

    @Override public Storage upload(DType dtype, double[] data) {
        if (dtype == DType.FLOAT64) return new CpuStorage(data.clone());
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) data[i];
        return new CpuStorage(f);
    }

    @Override public Storage upload(float[] data) { return new CpuStorage(data.clone()); }

    @Override public double[] download(Storage s, int offset, int length) {
        CpuStorage c = CpuStorage.of(s);
        if (c.d != null) return java.util.Arrays.copyOfRange(c.d, offset, offset + length);
        double[] out = new double[length];
        for (int i = 0; i < length; i++) out[i] = c.f[offset + i];
        return out;
    }

    @Override public float[] downloadFloat(Storage s, int offset, int length) {
        CpuStorage c = CpuStorage.of(s);
        if (c.f != null) return java.util.Arrays.copyOfRange(c.f, offset, offset + length);
        float[] out = new float[length];
        for (int i = 0; i < length; i++) out[i] = (float) c.d[offset + i];
        return out;
    }

    private static CpuStorage st(Tensor t) { return CpuStorage.of(t.storage()); }

    private Tensor newTensor(DType dtype, Shape shape) { return Tensor.zeros(this, dtype, shape); }

    /**
     * A tensor whose values are undefined, for a kernel that writes every element of it (a recycled array is not
     * cleared first: PyTorch's {@code torch.empty}). The tests fill such arrays with NaN ({@link ArrayPool#POISON}).
     */
    private Tensor newEmpty(DType dtype, Shape shape) { return Tensor.contiguous(storage(dtype, shape.numel(), false), shape); }

    // ---------------------------------------------------------------- element-wise

    @Override public Tensor unary(UnaryOp op, Tensor x) {
        Tensor c = x.contiguous();
        Tensor out = newEmpty(x.dtype(), x.shape());
        CpuStorage s = st(c), o = st(out);
        int base = c.offset();
        Parallel.range(x.numel(), 1 << 15, (from, to) -> {
            if (s.f != null) FloatKernels.unary(op, s.f, base + from, o.f, from, to - from);
            else DoubleKernels.unary(op, s.d, base + from, o.d, from, to - from);
        });
        return out;
    }

    @Override public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        Shape shape = Shape.broadcast(op.name().toLowerCase(), a.shape(), b.shape());
        Tensor out = newEmpty(a.dtype(), shape);
        Tensor ea = a.expand(shape), eb = b.expand(shape);
        Strided it = new Strided(shape.dims(), new int[][] {out.strides(), ea.strides(), eb.strides()});
        CpuStorage sa = st(a), sb = st(b), so = st(out);
        int as = it.innerStride(1), bs = it.innerStride(2);
        it.forEach(new int[] {0, ea.offset(), eb.offset()}, (off, n) -> {
            if (so.f != null) {
                float[] av = sa.f, bv = sb.f;
                int ao = off[1], bo = off[2];
                if (bs == 0 && as == 1) { FloatKernels.binaryScalar(op, av, ao, bv[bo], so.f, off[0], n); return; }
                if (as != 1) { av = gatherF(av, ao, as, n, 0); ao = 0; }
                if (bs != 1) { bv = gatherF(bv, bo, bs, n, 1); bo = 0; }
                FloatKernels.binary(op, av, ao, bv, bo, so.f, off[0], n);
            } else {
                double[] av = sa.d, bv = sb.d;
                int ao = off[1], bo = off[2];
                if (bs == 0 && as == 1) { DoubleKernels.binaryScalar(op, av, ao, bv[bo], so.d, off[0], n); return; }
                if (as != 1) { av = gatherD(av, ao, as, n, 0); ao = 0; }
                if (bs != 1) { bv = gatherD(bv, bo, bs, n, 1); bo = 0; }
                DoubleKernels.binary(op, av, ao, bv, bo, so.d, off[0], n);
            }
        });
        return out;
    }

    private static final ThreadLocal<float[][]> ROW_F = ThreadLocal.withInitial(() -> new float[2][0]);
    private static final ThreadLocal<double[][]> ROW_D = ThreadLocal.withInitial(() -> new double[2][0]);

    /** A strided (or broadcast, stride 0) row copied into a reusable unit-stride buffer. */
    private static float[] gatherF(float[] src, int off, int stride, int n, int slot) {
        float[][] h = ROW_F.get();
        if (h[slot].length < n) h[slot] = new float[n];
        FloatKernels.copy(src, off, stride, h[slot], 0, 1, n);
        return h[slot];
    }

    private static double[] gatherD(double[] src, int off, int stride, int n, int slot) {
        double[][] h = ROW_D.get();
        if (h[slot].length < n) h[slot] = new double[n];
        DoubleKernels.copy(src, off, stride, h[slot], 0, 1, n);
        return h[slot];
    }

    // ---------------------------------------------------------------- reductions and copies

    @Override public Tensor reduce(ReduceOp op, Tensor x, int[] dims, boolean keepDim) {
        int r = x.rank();
        boolean[] reduced = new boolean[r];
        for (int d : dims) reduced[d] = true;
        int nk = r - dims.length;
        int[] keptDims = new int[nk], keptStrides = new int[nk], redDims = new int[dims.length], redStrides = new int[dims.length];
        int[] outDims = new int[keepDim ? r : nk];
        int k = 0, j = 0, od = 0, inner = 1;
        for (int i = 0; i < r; i++) {
            if (reduced[i]) { redDims[j] = x.size(i); redStrides[j++] = x.stride(i); inner *= x.size(i); }
            else { keptDims[k] = x.size(i); keptStrides[k++] = x.stride(i); }
            if (!reduced[i] || keepDim) outDims[od++] = reduced[i] ? 1 : x.size(i);
        }
        if (op == ReduceOp.MAX && inner == 0)
            throw new IllegalArgumentException("max: cannot reduce over an empty dimension of " + x.shape());
        Tensor out = newTensor(x.dtype(), Shape.of(outDims));
        int outer = out.numel();
        // the offset of every output's first input element, then one walk over the reduced dimensions per output
        int[] starts = new int[outer];
        fillStarts(keptDims, keptStrides, x.offset(), starts);
        Strided red = new Strided(redDims, new int[][] {redStrides});
        int stride = red.innerStride(0), rows = red.rows;
        CpuStorage s = st(x), o = st(out);
        boolean sum = op == ReduceOp.SUM;
        Parallel.range(outer, Math.max(1, (1 << 14) / Math.max(1, inner)), (from, to) -> {
            double[] acc = new double[1];
            float[] mf = new float[1];
            double[] md = new double[1];
            for (int i = from; i < to; i++) {
                acc[0] = 0;
                mf[0] = Float.NEGATIVE_INFINITY;
                md[0] = Double.NEGATIVE_INFINITY;
                red.rows(new int[] {starts[i]}, 0, rows, (off, n) -> {
                    if (s.f != null) {
                        if (sum) acc[0] += FloatKernels.sum(s.f, off[0], stride, n);
                        else mf[0] = FloatKernels.max(s.f, off[0], stride, n, mf[0]);
                    } else {
                        if (sum) acc[0] += DoubleKernels.sum(s.d, off[0], stride, n);
                        else md[0] = DoubleKernels.max(s.d, off[0], stride, n, md[0]);
                    }
                });
                if (o.f != null) o.f[i] = sum ? (float) acc[0] : mf[0];
                else o.d[i] = sum ? acc[0] : md[0];
            }
        });
        return out;
    }

    /** Row-major enumeration of the offsets of a strided index space. */
    private static void fillStarts(int[] dims, int[] strides, int base, int[] starts) {
        int[] idx = new int[dims.length];
        int off = base;
        for (int i = 0; i < starts.length; i++) {
            starts[i] = off;
            for (int d = dims.length - 1; d >= 0; d--) {
                if (++idx[d] < dims[d]) { off += strides[d]; break; }
                idx[d] = 0;
                off -= strides[d] * (dims[d] - 1);
            }
        }
    }

    @Override public void assign(Tensor dst, Tensor src) {
        Tensor e = src.expand(dst.shape());
        Strided it = new Strided(dst.dims(), new int[][] {dst.strides(), e.strides()});
        CpuStorage sd = st(dst), ss = st(e);
        int ds = it.innerStride(0), sstr = it.innerStride(1);
        it.forEach(new int[] {dst.offset(), e.offset()}, (off, n) -> {
            int d0 = off[0], s0 = off[1];
            if (sd.f != null && ss.f != null) FloatKernels.copy(ss.f, s0, sstr, sd.f, d0, ds, n);
            else if (sd.d != null && ss.d != null) DoubleKernels.copy(ss.d, s0, sstr, sd.d, d0, ds, n);
            else if (sd.d != null) for (int i = 0; i < n; i++) sd.d[d0 + i * ds] = ss.f[s0 + i * sstr];
            else for (int i = 0; i < n; i++) sd.f[d0 + i * ds] = (float) ss.d[s0 + i * sstr];
        });
    }

    // ---------------------------------------------------------------- matrix products

    @Override public Tensor matmul(Tensor a, Tensor b) {
        int m = a.size(0), k = a.size(1), n = b.size(1);
        boolean ta = !a.isContiguous() && a.stride(0) == 1 && a.stride(1) == m;
        boolean tb = !b.isContiguous() && b.stride(0) == 1 && b.stride(1) == k;
        Tensor ca = ta ? a : a.contiguous(), cb = tb ? b : b.contiguous();
        int lda = ta ? m : k, ldb = tb ? k : n;
        Tensor out = newTensor(a.dtype(), Shape.of(m, n));
        CpuStorage sa = st(ca), sb = st(cb), so = st(out);
        if (so.f != null) Gemm.sgemm(ta, tb, m, n, k, sa.f, ca.offset(), lda, sb.f, cb.offset(), ldb, so.f, 0, n, false, true);
        else Gemm.dgemm(ta, tb, m, n, k, sa.d, ca.offset(), lda, sb.d, cb.offset(), ldb, so.d, 0, n, false, true);
        return out;
    }

    /** The array of a contiguous tensor that starts at offset 0 (copied when it does not). */
    private static Tensor dense(Tensor t) {
        Tensor c = t.contiguous();
        return c.offset() == 0 ? c : c.copy();
    }

    @Override public Tensor conv2d(Tensor x, Tensor w, ConvParams p) {
        ConvGeometry g = ConvGeometry.of(x.shape(), w.shape(), p);
        Tensor cx = dense(x), cw = dense(w);
        Tensor out = newEmpty(x.dtype(), g.outShape());
        if (x.dtype() == DType.FLOAT32) FloatConv.forward(st(cx).f, st(cw).f, st(out).f, g);
        else DoubleConv.forward(st(cx).d, st(cw).d, st(out).d, g);
        return out;
    }

    @Override public Tensor conv2dInputGrad(Tensor gy, Tensor w, Shape xShape, ConvParams p) {
        ConvGeometry g = ConvGeometry.of(xShape, w.shape(), p);
        Tensor cg = dense(gy), cw = dense(w);
        Tensor out = newTensor(gy.dtype(), xShape);
        if (gy.dtype() == DType.FLOAT32) FloatConv.inputGrad(st(cg).f, st(cw).f, st(out).f, g);
        else DoubleConv.inputGrad(st(cg).d, st(cw).d, st(out).d, g);
        return out;
    }

    @Override public Tensor conv2dWeightGrad(Tensor x, Tensor gy, Shape wShape, ConvParams p) {
        ConvGeometry g = ConvGeometry.of(x.shape(), wShape, p);
        Tensor cx = dense(x), cg = dense(gy);
        Tensor out = newTensor(x.dtype(), wShape);
        if (x.dtype() == DType.FLOAT32) FloatConv.weightGrad(st(cx).f, st(cg).f, st(out).f, g);
        else DoubleConv.weightGrad(st(cx).d, st(cg).d, st(out).d, g);
        return out;
    }

    // ---------------------------------------------------------------- pooling

    private static Shape pooled(Shape x, PoolParams p) {
        return Shape.of(x.dim(0), x.dim(1), p.outH(x.dim(2)), p.outW(x.dim(3)));
    }

    @Override public Tensor maxPool2d(Tensor x, PoolParams p) {
        Tensor cx = dense(x);
        Shape os = pooled(x.shape(), p);
        Tensor out = newEmpty(x.dtype(), os);
        int planes = os.dim(0) * os.dim(1);
        if (x.dtype() == DType.FLOAT32) FloatPool.max(st(cx).f, st(out).f, planes, x.size(2), x.size(3), os.dim(2), os.dim(3), p);
        else DoublePool.max(st(cx).d, st(out).d, planes, x.size(2), x.size(3), os.dim(2), os.dim(3), p);
        return out;
    }

    @Override public Tensor maxPool2dScatter(Tensor gy, Tensor x, PoolParams p) {
        Tensor cx = dense(x), cg = dense(gy);
        Tensor out = newTensor(x.dtype(), x.shape());
        int planes = x.size(0) * x.size(1);
        if (x.dtype() == DType.FLOAT32)
            FloatPool.maxScatter(st(cg).f, st(cx).f, st(out).f, planes, x.size(2), x.size(3), gy.size(2), gy.size(3), p);
        else DoublePool.maxScatter(st(cg).d, st(cx).d, st(out).d, planes, x.size(2), x.size(3), gy.size(2), gy.size(3), p);
        return out;
    }

    @Override public Tensor maxPool2dGather(Tensor h, Tensor x, PoolParams p) {
        Tensor cx = dense(x), ch = dense(h);
        Shape os = pooled(x.shape(), p);
        Tensor out = newEmpty(x.dtype(), os);
        int planes = os.dim(0) * os.dim(1);
        if (x.dtype() == DType.FLOAT32)
            FloatPool.maxGather(st(ch).f, st(cx).f, st(out).f, planes, x.size(2), x.size(3), os.dim(2), os.dim(3), p);
        else DoublePool.maxGather(st(ch).d, st(cx).d, st(out).d, planes, x.size(2), x.size(3), os.dim(2), os.dim(3), p);
        return out;
    }

    @Override public Tensor avgPool2d(Tensor x, PoolParams p) {
        Tensor cx = dense(x);
        Shape os = pooled(x.shape(), p);
        Tensor out = newEmpty(x.dtype(), os);
        int planes = os.dim(0) * os.dim(1);
        if (x.dtype() == DType.FLOAT32) FloatPool.avg(st(cx).f, st(out).f, planes, x.size(2), x.size(3), os.dim(2), os.dim(3), p);
        else DoublePool.avg(st(cx).d, st(out).d, planes, x.size(2), x.size(3), os.dim(2), os.dim(3), p);
        return out;
    }

    @Override public Tensor avgPool2dBackward(Tensor gy, Shape xShape, PoolParams p) {
        Tensor cg = dense(gy);
        Tensor out = newTensor(gy.dtype(), xShape);
        int planes = xShape.dim(0) * xShape.dim(1);
        if (gy.dtype() == DType.FLOAT32)
            FloatPool.avgBackward(st(cg).f, st(out).f, planes, xShape.dim(2), xShape.dim(3), gy.size(2), gy.size(3), p);
        else DoublePool.avgBackward(st(cg).d, st(out).d, planes, xShape.dim(2), xShape.dim(3), gy.size(2), gy.size(3), p);
        return out;
    }

    // ---------------------------------------------------------------- batch normalisation

    private static double[] perChannel(Tensor t, int c) {
        if (t == null) return null;
        if (t.numel() != c) throw new IllegalArgumentException("batch_norm2d: per-channel tensor " + t.shape() + " does not have " + c + " values");
        return t.toDoubleArray();
    }

    @Override public Tensor[] batchNorm2dStatistics(Tensor x) {
        Tensor cx = dense(x);
        int n = x.size(0), c = x.size(1), hw = x.size(2) * x.size(3);
        double[] mean = new double[c], var = new double[c];
        if (x.dtype() == DType.FLOAT32) FloatNorm.statistics(st(cx).f, n, c, hw, mean, var);
        else DoubleNorm.statistics(st(cx).d, n, c, hw, mean, var);
        return new Tensor[] {Tensor.of(mean, c).to(x.dtype()), Tensor.of(var, c).to(x.dtype())};
    }

    @Override public Tensor batchNorm2dApply(Tensor x, Tensor mean, Tensor invstd, Tensor weight, Tensor bias) {
        Tensor cx = dense(x);
        int n = x.size(0), c = x.size(1), hw = x.size(2) * x.size(3);
        double[] mu = perChannel(mean, c), is = perChannel(invstd, c), w = perChannel(weight, c), b = perChannel(bias, c);
        double[] scale = new double[c], shift = new double[c];
        for (int k = 0; k < c; k++) {
            scale[k] = is[k] * (w == null ? 1 : w[k]);
            shift[k] = (b == null ? 0 : b[k]) - mu[k] * scale[k];
        }
        Tensor out = newEmpty(x.dtype(), x.shape());
        if (x.dtype() == DType.FLOAT32) FloatNorm.affine(st(cx).f, st(out).f, n, c, hw, scale, shift);
        else DoubleNorm.affine(st(cx).d, st(out).d, n, c, hw, scale, shift);
        return out;
    }

    @Override public Tensor[] batchNorm2dBackward(Tensor gy, Tensor x, Tensor mean, Tensor invstd, Tensor weight, boolean training) {
        Tensor cx = dense(x), cg = dense(gy);
        int n = x.size(0), c = x.size(1), hw = x.size(2) * x.size(3);
        double[] mu = perChannel(mean, c), is = perChannel(invstd, c), w = perChannel(weight, c);
        double[] sumG = new double[c], sumGXhat = new double[c];
        Tensor gx = newEmpty(x.dtype(), x.shape());
        if (x.dtype() == DType.FLOAT32) FloatNorm.backward(st(cg).f, st(cx).f, st(gx).f, n, c, hw, mu, is, w, training, sumG, sumGXhat);
        else DoubleNorm.backward(st(cg).d, st(cx).d, st(gx).d, n, c, hw, mu, is, w, training, sumG, sumGXhat);
        return new Tensor[] {gx, Tensor.of(sumGXhat, c).to(x.dtype()), Tensor.of(sumG, c).to(x.dtype())};
    }

    // ---------------------------------------------------------------- weighted sums (the mixed operation)

    @Override public Tensor weightedSum(Tensor[] xs, Tensor weights) {
        Tensor like = WeightedSums.firstTerm(xs, weights);
        double[] w = weights.toDoubleArray();
        Tensor[] d = WeightedSums.terms(xs, like, CpuBackend::dense);
        Tensor out = newEmpty(like.dtype(), like.shape());
        int n = (int) like.numel();
        if (like.dtype() == DType.FLOAT32) {
            float[][] a = new float[d.length][];
            for (int k = 0; k < d.length; k++) a[k] = d[k] == null ? null : st(d[k]).f;
            FloatSum.weighted(a, w, st(out).f, n);
        } else {
            double[][] a = new double[d.length][];
            for (int k = 0; k < d.length; k++) a[k] = d[k] == null ? null : st(d[k]).d;
            DoubleSum.weighted(a, w, st(out).d, n);
        }
        return out;
    }

    @Override public Tensor dots(Tensor g, Tensor[] xs) {
        Tensor[] d = WeightedSums.terms(xs, g, CpuBackend::dense);
        Tensor cg = dense(g);
        double[] out = new double[xs.length];
        int n = (int) g.numel();
        if (g.dtype() == DType.FLOAT32) {
            float[][] a = new float[d.length][];
            for (int k = 0; k < d.length; k++) a[k] = d[k] == null ? null : st(d[k]).f;
            FloatSum.dots(st(cg).f, a, out, n);
        } else {
            double[][] a = new double[d.length][];
            for (int k = 0; k < d.length; k++) a[k] = d[k] == null ? null : st(d[k]).d;
            DoubleSum.dots(st(cg).d, a, out, n);
        }
        return Tensor.of(out, out.length).to(g.dtype());
    }
}

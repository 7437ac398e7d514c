package org.darts4j.gpu;

import java.util.ArrayList;
import java.util.List;
import org.darts4j.tensor.Backend;
import org.darts4j.tensor.BinaryOp;
import org.darts4j.tensor.ConvParams;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.PoolParams;
import org.darts4j.tensor.ReduceOp;
import org.darts4j.tensor.Shape;
import org.darts4j.tensor.Storage;
import org.darts4j.tensor.Tensor;
import org.darts4j.tensor.UnaryOp;
import org.darts4j.tensor.WeightedSums;

/**
 * The operations of {@link Backend} as launches of the kernels in {@code kernels.cl}, shared by the CUDA and OpenCL
 * backends, which supply buffers, copies and launches. Every result stays on the device; only {@link #download},
 * {@link #dots} (whose contract returns host numbers) and the tensors' own host accessors read back.
 */
public abstract class GpuBackend implements Backend {
    /** Threads per group of the element kernels; the group kernels use WG = 128 (kernels.cl). */
    static final int BLOCK = 256, WG = 128, TILE = 16, MAX_RANK = 6;

    /** A device buffer of {@code length} elements, contents undefined. */
    protected abstract GpuStorage empty(DType dtype, int length);

    protected abstract void fillZero(GpuStorage s);

    protected abstract void write(GpuStorage s, float[] data);

    protected abstract void write(GpuStorage s, double[] data);

    protected abstract void read(GpuStorage s, int offset, float[] out);

    protected abstract void read(GpuStorage s, int offset, double[] out);

    /**
     * Runs {@code kernel} of the program for {@code dtype} on {@code groups} groups of {@code groupSize} threads. Arguments
     * are {@link GpuStorage}, {@link Integer}, or {@link Double} for a scalar of the kernel's element type.
     */
    protected abstract void enqueue(DType dtype, String kernel, int groups, int groupSize, Object... args);

    /** Per-kernel times when {@code DARTS4J_PROFILE=1} (each launch is then waited for), printed at exit. */
    private final Profile profile = Profile.fromEnvironment(this);

    final void launch(DType dtype, String kernel, int groups, int groupSize, Object... args) {
        if (profile == null) { enqueue(dtype, kernel, groups, groupSize, args); return; }
        long t0 = System.nanoTime();
        enqueue(dtype, kernel, groups, groupSize, args);
        synchronize();
        profile.add(kernel, System.nanoTime() - t0);
    }

    /** Whether the device computes in double precision (float64 tensors, double accumulation). */
    @Override public abstract boolean hasFloat64();

    /** Waits until every launched kernel has finished (for timing). */
    @Override public abstract void synchronize();

    /** A one-line description of the device (name, memory). */
    @Override public abstract String describe();

    /** The pool of this backend's buffers. */
    abstract MemoryPool pool();

    /** Bytes held by live tensors. */
    public long bytesInUse() { return pool().inUse(); }

    /** The most bytes live tensors held at once since the backend started. */
    @Override public long peakBytesInUse() { return pool().peak(); }

    private void checkType(DType t) {
        if (t == DType.FLOAT64 && !hasFloat64())
            throw new IllegalArgumentException(device() + " has no double precision: use --dtype float32");
    }

    // ---------------------------------------------------------------- storage

    @Override public Storage allocate(DType dtype, int length) {
        checkType(dtype);
        GpuStorage s = empty(dtype, length);
        fillZero(s);
        return s;
    }

    @Override public Storage upload(DType dtype, double[] data) {
        checkType(dtype);
        GpuStorage s = empty(dtype, data.length);
        if (data.length == 0) return s;
        if (dtype == DType.FLOAT64) write(s, data);
        else {
            float[] f = new float[data.length];
            for (int i = 0; i < f.length; i++) f[i] = (float) data[i];
            write(s, f);
        }
        return s;
    }

    @Override public Storage upload(float[] data) {
        GpuStorage s = empty(DType.FLOAT32, data.length);
        if (data.length > 0) write(s, data);
        return s;
    }

    @Override public double[] download(Storage s, int offset, int length) {
        GpuStorage g = GpuStorage.of(s, this);
        double[] out = new double[length];
        if (length == 0) return out;
        if (g.dtype() == DType.FLOAT64) read(g, offset, out);
        else {
            float[] f = new float[length];
            read(g, offset, f);
            for (int i = 0; i < length; i++) out[i] = f[i];
        }
        return out;
    }

    @Override public float[] downloadFloat(Storage s, int offset, int length) {
        GpuStorage g = GpuStorage.of(s, this);
        float[] out = new float[length];
        if (length == 0) return out;
        if (g.dtype() == DType.FLOAT32) read(g, offset, out);
        else {
            double[] d = new double[length];
            read(g, offset, d);
            for (int i = 0; i < length; i++) out[i] = (float) d[i];
        }
        return out;
    }

    private Tensor newTensor(DType dtype, Shape shape) { return Tensor.contiguous(empty(dtype, shape.numel()), shape); }

    private GpuStorage st(Tensor t) { return GpuStorage.of(t.storage(), this); }

    private static int groupsFor(long n) { return (int) Math.max(1, (n + BLOCK - 1) / BLOCK); }

    private void elementwise(DType t, String kernel, long n, Object... args) {
        if (n > 0) launch(t, kernel, groupsFor(n), BLOCK, args);
    }

    /** Contiguous, possibly at an offset: what the direct kernels read. */
    private static Tensor dense(Tensor t) { return t.contiguous(); }

    // ---------------------------------------------------------------- element-wise

    @Override public Tensor unary(UnaryOp op, Tensor x) {
        Tensor c = dense(x);
        Tensor out = newTensor(x.dtype(), x.shape());
        elementwise(x.dtype(), "unary", x.numel(), x.numel(), op.ordinal(), st(c), c.offset(), st(out));
        return out;
    }

    /** The step of a flat walk over {@code t} expanded to {@code shape}: 1 (dense, same shape), 0 (one value) or -1. */
    private static int flatStep(Tensor t, Shape shape) {
        if (t.numel() == 1) return 0;
        return t.shape().equals(shape) && t.isContiguous() ? 1 : -1;
    }

    @Override public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        Shape shape = Shape.broadcast(op.name().toLowerCase(), a.shape(), b.shape());
        Tensor out = newTensor(a.dtype(), shape);
        int n = shape.numel();
        if (n == 0) return out;
        int as = flatStep(a, shape), bs = flatStep(b, shape);
        if (as >= 0 && bs >= 0) {
            elementwise(a.dtype(), "binary_flat", n, n, op.ordinal(), st(a), a.offset(), as, st(b), b.offset(), bs, st(out));
            return out;
        }
        Tensor ea = a.expand(shape), eb = b.expand(shape);
        Strides.forEachBlock(shape.dims(), new int[][] {out.strides(), ea.strides(), eb.strides()},
                new int[] {0, ea.offset(), eb.offset()}, (dims, strides, offsets, count) -> {
                    List<Object> args = new ArrayList<>(List.of(count, op.ordinal(), st(ea), offsets[1], st(eb), offsets[2], st(out), offsets[0]));
                    for (int d = 1; d < MAX_RANK; d++) args.add(dims[d]);
                    for (int d = 0; d < MAX_RANK; d++) args.add(strides[1][d]);
                    for (int d = 0; d < MAX_RANK; d++) args.add(strides[2][d]);
                    elementwise(a.dtype(), "binary_strided", count, args.toArray());
                });
        return out;
    }

    @Override public void assign(Tensor dst, Tensor src) {
        Tensor e = src.expand(dst.shape());
        GpuStorage sd = st(dst), ss = st(e);
        boolean convert = e.dtype() != dst.dtype();
        if (convert && !hasFloat64()) throw new IllegalArgumentException(device() + " has no double precision: cannot convert " + e.dtype() + " to " + dst.dtype());
        Strides.forEachBlock(dst.dims(), new int[][] {dst.strides(), e.strides()}, new int[] {dst.offset(), e.offset()},
                (dims, strides, offsets, count) -> {
                    Object[] args = new Object[5 + 5 + 2 * MAX_RANK];
                    int k = 0;
                    args[k++] = count;
                    args[k++] = sd;
                    args[k++] = offsets[0];
                    args[k++] = ss;
                    args[k++] = offsets[1];
                    for (int d = 1; d < MAX_RANK; d++) args[k++] = dims[d];
                    for (int d = 0; d < MAX_RANK; d++) args[k++] = strides[0][d];
                    for (int d = 0; d < MAX_RANK; d++) args[k++] = strides[1][d];
                    elementwise(dst.dtype(), convert ? "assign_convert" : "assign_strided", count, args);
                });
    }

    // ---------------------------------------------------------------- reductions

    @Override public Tensor reduce(ReduceOp op, Tensor x, int[] dims, boolean keepDim) {
        int r = x.rank();
        boolean[] reduced = new boolean[r];
        for (int d : dims) reduced[d] = true;
        int[] order = new int[r], outDims = new int[keepDim ? r : r - dims.length];
        int k = 0, od = 0, inner = 1;
        for (int i = 0; i < r; i++) if (!reduced[i]) order[k++] = i;
        for (int i = 0; i < r; i++) if (reduced[i]) { order[k++] = i; inner *= x.size(i); }
        for (int i = 0; i < r; i++) if (!reduced[i] || keepDim) outDims[od++] = reduced[i] ? 1 : x.size(i);
        if (op == ReduceOp.MAX && inner == 0)
            throw new IllegalArgumentException("max: cannot reduce over an empty dimension of " + x.shape());
        Shape outShape = Shape.of(outDims);
        int outer = outShape.numel();
        if (inner == 0 || outer == 0) return Tensor.zeros(this, x.dtype(), outShape);
        Tensor rows = dense(x.permute(order));
        return Tensor.contiguous(reduceRows(op == ReduceOp.SUM ? 0 : 1, rows, outer, inner), outShape);
    }

    /** The rows of a contiguous [outer, inner] tensor reduced; long rows first into parts, then the parts. */
    private GpuStorage reduceRows(int op, Tensor rows, int outer, int inner) {
        DType t = rows.dtype();
        int parts = outer >= 256 || inner <= 16384 ? 1 : Math.min(64, (inner + 8191) / 8192);
        GpuStorage y = empty(t, outer * parts);
        launch(t, "reduce_groups", outer * parts, WG, op, inner, parts, st(rows), rows.offset(), y);
        if (parts == 1) return y;
        GpuStorage z = empty(t, outer);
        launch(t, "reduce_groups", outer, WG, op, parts, 1, y, 0, z);
        y.close();
        return z;
    }

    // ---------------------------------------------------------------- matrix products

    @Override public Tensor matmul(Tensor a, Tensor b) {
        int m = a.size(0), k = a.size(1), n = b.size(1);
        Tensor out = newTensor(a.dtype(), Shape.of(m, n));
        if (m == 0 || n == 0) return out;
        if (k == 0) { fillZero(st(out)); return out; }
        if (gemm(a, b, out)) return out;
        int tilesN = (n + TILE - 1) / TILE, tilesM = (m + TILE - 1) / TILE;
        launch(a.dtype(), "gemm_groups", tilesM * tilesN, TILE * TILE, m, n, k, st(a), a.offset(), a.stride(0), a.stride(1),
                st(b), b.offset(), b.stride(0), b.stride(1), st(out), tilesN);
        return out;
    }

    /** A vendor GEMM (cuBLAS) into the contiguous {@code out}, when there is one; false to use our kernel. */
    protected boolean gemm(Tensor a, Tensor b, Tensor out) { return false; }

    // ---------------------------------------------------------------- convolution

    private static Object[] convArgs(Shape x, Shape w, ConvParams p) {
        return new Object[] {x.dim(0), x.dim(1), x.dim(2), x.dim(3), w.dim(0), w.dim(2), w.dim(3),
                p.outH(x.dim(2), w.dim(2)), p.outW(x.dim(3), w.dim(3)),
                p.strideH(), p.strideW(), p.padH(), p.padW(), p.dilationH(), p.dilationW(), p.groups()};
    }

    private static Object[] concat(Object[] head, Object[] tail) {
        Object[] all = new Object[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    @Override public Tensor conv2d(Tensor x, Tensor w, ConvParams p) {
        Tensor cx = dense(x), cw = dense(w);
        Shape os = Shape.of(x.size(0), w.size(0), p.outH(x.size(2), w.size(2)), p.outW(x.size(3), w.size(3)));
        Tensor out = newTensor(x.dtype(), os);
        elementwise(x.dtype(), "conv2d", os.numel(),
                concat(new Object[] {st(cx), cx.offset(), st(cw), cw.offset(), st(out)}, convArgs(x.shape(), w.shape(), p)));
        return out;
    }

    @Override public Tensor conv2dInputGrad(Tensor gy, Tensor w, Shape xShape, ConvParams p) {
        Tensor cg = dense(gy), cw = dense(w);
        Tensor out = newTensor(gy.dtype(), xShape);
        elementwise(gy.dtype(), "conv2d_input_grad", xShape.numel(),
                concat(new Object[] {st(cg), cg.offset(), st(cw), cw.offset(), st(out)}, convArgs(xShape, w.shape(), p)));
        return out;
    }

    @Override public Tensor conv2dWeightGrad(Tensor x, Tensor gy, Shape wShape, ConvParams p) {
        Tensor cx = dense(x), cg = dense(gy);
        Tensor out = newTensor(x.dtype(), wShape);
        if (wShape.numel() > 0)
            launch(x.dtype(), "conv2d_weight_grad_groups", wShape.numel(), WG,
                    concat(new Object[] {st(cx), cx.offset(), st(cg), cg.offset(), st(out)}, convArgs(x.shape(), wShape, p)));
        return out;
    }

    // ---------------------------------------------------------------- pooling

    private static Object[] poolArgs(Shape x, PoolParams p) {
        return new Object[] {x.dim(0) * x.dim(1), x.dim(2), x.dim(3), p.outH(x.dim(2)), p.outW(x.dim(3)),
                p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), p.padH(), p.padW()};
    }

    private static Shape pooled(Shape x, PoolParams p) { return Shape.of(x.dim(0), x.dim(1), p.outH(x.dim(2)), p.outW(x.dim(3))); }

    @Override public Tensor maxPool2d(Tensor x, PoolParams p) {
        Tensor cx = dense(x);
        Tensor out = newTensor(x.dtype(), pooled(x.shape(), p));
        elementwise(x.dtype(), "max_pool2d", out.numel(), concat(new Object[] {st(cx), cx.offset(), st(out)}, poolArgs(x.shape(), p)));
        return out;
    }

    @Override public Tensor maxPool2dScatter(Tensor gy, Tensor x, PoolParams p) {
        Tensor cx = dense(x), cg = dense(gy);
        Tensor out = newTensor(x.dtype(), x.shape());
        elementwise(x.dtype(), "max_pool2d_scatter", out.numel(),
                concat(new Object[] {st(cg), cg.offset(), st(cx), cx.offset(), st(out)}, poolArgs(x.shape(), p)));
        return out;
    }

    @Override public Tensor maxPool2dGather(Tensor h, Tensor x, PoolParams p) {
        Tensor cx = dense(x), ch = dense(h);
        Tensor out = newTensor(x.dtype(), pooled(x.shape(), p));
        elementwise(x.dtype(), "max_pool2d_gather", out.numel(),
                concat(new Object[] {st(ch), ch.offset(), st(cx), cx.offset(), st(out)}, poolArgs(x.shape(), p)));
        return out;
    }

    @Override public Tensor avgPool2d(Tensor x, PoolParams p) {
        Tensor cx = dense(x);
        Tensor out = newTensor(x.dtype(), pooled(x.shape(), p));
        elementwise(x.dtype(), "avg_pool2d", out.numel(), concat(concat(new Object[] {st(cx), cx.offset(), st(out)}, poolArgs(x.shape(), p)),
                new Object[] {p.countIncludePad() ? 1 : 0}));
        return out;
    }

    @Override public Tensor avgPool2dBackward(Tensor gy, Shape xShape, PoolParams p) {
        Tensor cg = dense(gy);
        Tensor out = newTensor(gy.dtype(), xShape);
        elementwise(gy.dtype(), "avg_pool2d_backward", out.numel(), concat(concat(new Object[] {st(cg), cg.offset(), st(out)}, poolArgs(xShape, p)),
                new Object[] {p.countIncludePad() ? 1 : 0}));
        return out;
    }

    // ---------------------------------------------------------------- batch normalisation

    private Tensor perChannel(Tensor t, int c, DType dtype) {
        if (t.numel() != c) throw new IllegalArgumentException("batch_norm2d: per-channel tensor " + t.shape() + " does not have " + c + " values");
        return dense(t.to(dtype).to(this));
    }

    @Override public Tensor[] batchNorm2dStatistics(Tensor x) {
        Tensor cx = dense(x);
        int c = x.size(1);
        Tensor mean = newTensor(x.dtype(), Shape.of(c)), var = newTensor(x.dtype(), Shape.of(c));
        launch(x.dtype(), "bn_statistics_groups", c, WG, st(cx), cx.offset(), x.size(0), c, x.size(2) * x.size(3), st(mean), st(var));
        return new Tensor[] {mean, var};
    }

    @Override public Tensor batchNorm2dApply(Tensor x, Tensor mean, Tensor invstd, Tensor weight, Tensor bias) {
        Tensor cx = dense(x);
        int c = x.size(1);
        Tensor mu = perChannel(mean, c, x.dtype()), is = perChannel(invstd, c, x.dtype());
        Tensor w = weight == null ? mu : perChannel(weight, c, x.dtype()), b = bias == null ? mu : perChannel(bias, c, x.dtype());
        Tensor out = newTensor(x.dtype(), x.shape());
        elementwise(x.dtype(), "bn_apply", x.numel(), x.numel(), st(cx), cx.offset(), st(out), c, x.size(2) * x.size(3),
                st(mu), st(is), st(w), weight == null ? 0 : 1, st(b), bias == null ? 0 : 1);
        return out;
    }

    @Override public Tensor[] batchNorm2dBackward(Tensor gy, Tensor x, Tensor mean, Tensor invstd, Tensor weight, boolean training) {
        Tensor cx = dense(x), cg = dense(gy);
        int c = x.size(1);
        Tensor mu = perChannel(mean, c, x.dtype()), is = perChannel(invstd, c, x.dtype());
        Tensor w = weight == null ? mu : perChannel(weight, c, x.dtype());
        Tensor gx = newTensor(x.dtype(), x.shape()), sumG = newTensor(x.dtype(), Shape.of(c)), sumGXhat = newTensor(x.dtype(), Shape.of(c));
        launch(x.dtype(), "bn_backward_groups", c, WG, st(cg), cg.offset(), st(cx), cx.offset(), st(gx), x.size(0), c, x.size(2) * x.size(3),
                st(mu), st(is), st(w), weight == null ? 0 : 1, training ? 1 : 0, st(sumG), st(sumGXhat));
        return new Tensor[] {gx, sumGXhat, sumG};
    }

    // ---------------------------------------------------------------- weighted sums

    @Override public Tensor weightedSum(Tensor[] xs, Tensor weights) {
        Tensor like = WeightedSums.firstTerm(xs, weights);
        Tensor[] d = WeightedSums.terms(xs, like, GpuBackend::dense);
        Tensor w = weights.to(like.dtype()).to(this);
        Tensor out = newTensor(like.dtype(), like.shape());
        int n = like.numel();
        boolean first = true;
        for (int k = 0; k < d.length; k++) {
            if (d[k] == null) continue;
            elementwise(like.dtype(), "axpy", n, n, first ? 1 : 0, st(w), w.offset() + k * w.stride(0), st(d[k]), d[k].offset(), st(out));
            first = false;
        }
        return out;
    }

    /** Per term, {@code parts} partial sums (one group each), then the parts of each term summed: a [k] tensor on the device. */
    @Override public Tensor dots(Tensor g, Tensor[] xs) {
        Tensor[] d = WeightedSums.terms(xs, g, GpuBackend::dense);
        Tensor cg = dense(g);
        int n = g.numel(), parts = Math.max(1, Math.min(64, (n + 8191) / 8192));
        DType t = g.dtype();
        GpuStorage partial = empty(t, xs.length * parts);
        fillZero(partial);
        if (n > 0)
            for (int k = 0; k < d.length; k++)
                if (d[k] != null) launch(t, "dot_groups", parts, WG, n, parts, st(cg), cg.offset(), st(d[k]), d[k].offset(), partial, k * parts);
        GpuStorage out = empty(t, xs.length);
        launch(t, "reduce_groups", xs.length, WG, 0, parts, 1, partial, 0, out);
        partial.close();
        return Tensor.contiguous(out, Shape.of(xs.length));
    }
}

package org.darts4j.tensor;

import java.util.Arrays;
import org.darts4j.tensor.cpu.CpuBackend;

/**
 * An n-dimensional array of float32 or float64 values: a strided view of a {@link Storage} on some device.
 * Views (reshape of contiguous data, permute, transpose, slicing, expand) share storage and cost nothing; arithmetic
 * returns new contiguous tensors computed by the storage's {@link Backend}. Tensors are immutable values as far as
 * this API goes (only {@link #assign} writes, into a view).
 */
public final class Tensor {
    private final Storage storage;
    private final Shape shape;
    private final int[] strides;
    private final int offset;

    public Tensor(Storage storage, Shape shape, int[] strides, int offset) {
        if (strides.length != shape.rank())
            throw new IllegalArgumentException("strides " + Arrays.toString(strides) + " do not match shape " + shape);
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    /** A contiguous tensor over the whole of {@code storage}. */
    public static Tensor contiguous(Storage storage, Shape shape) {
        if (storage.length() < shape.numel())
            throw new IllegalArgumentException("storage of " + storage.length() + " elements is too small for shape " + shape);
        return new Tensor(storage, shape, shape.contiguousStrides(), 0);
    }

    // ---------------------------------------------------------------- creation (CPU)

    public static Tensor zeros(DType dtype, int... shape) { return zeros(CpuBackend.get(), dtype, Shape.of(shape)); }

    public static Tensor zeros(Backend b, DType dtype, Shape shape) {
        return contiguous(b.allocate(dtype, shape.numel()), shape);
    }

    public static Tensor ones(DType dtype, int... shape) { return full(dtype, 1.0, shape); }

    public static Tensor full(DType dtype, double value, int... shape) {
        double[] d = new double[Shape.of(shape).numel()];
        Arrays.fill(d, value);
        return fromArray(dtype, d, shape);
    }

    /** A 0-d tensor. */
    public static Tensor scalar(DType dtype, double value) { return fromArray(dtype, new double[] {value}); }

    /** {@code start, start+step, ...} below {@code end}. */
    public static Tensor arange(DType dtype, double start, double end, double step) {
        if (step == 0 || (end - start) / step < 0) throw new IllegalArgumentException("arange: empty or infinite range");
        int n = (int) Math.ceil((end - start) / step);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = start + i * step;
        return fromArray(dtype, d, n);
    }

    public static Tensor arange(DType dtype, int n) { return arange(dtype, 0, n, 1); }

    /** A float64 tensor holding a copy of {@code data}, in row-major order. */
    public static Tensor of(double[] data, int... shape) { return fromArray(DType.FLOAT64, data, shape); }

    /** A float32 tensor holding a copy of {@code data}, in row-major order. */
    public static Tensor of(float[] data, int... shape) {
        Shape s = Shape.of(shape);
        checkLength(data.length, s);
        return contiguous(CpuBackend.get().upload(data), s);
    }

    public static Tensor fromArray(DType dtype, double[] data, int... shape) {
        Shape s = Shape.of(shape);
        checkLength(data.length, s);
        return contiguous(CpuBackend.get().upload(dtype, data), s);
    }

    private static void checkLength(int n, Shape s) {
        if (n != s.numel())
            throw new IllegalArgumentException("array of " + n + " values does not fill shape " + s + " (" + s.numel() + " values)");
    }

    /** Uniform in [lo, hi) from a seeded generator. */
    public static Tensor uniform(Generator g, DType dtype, double lo, double hi, int... shape) {
        double[] d = new double[Shape.of(shape).numel()];
        for (int i = 0; i < d.length; i++) d[i] = lo + (hi - lo) * g.nextDouble();
        return fromArray(dtype, d, shape);
    }

    /** Normal with the given mean and standard deviation from a seeded generator. */
    public static Tensor normal(Generator g, DType dtype, double mean, double std, int... shape) {
        double[] d = new double[Shape.of(shape).numel()];
        for (int i = 0; i < d.length; i++) d[i] = mean + std * g.nextGaussian();
        return fromArray(dtype, d, shape);
    }

    public static Tensor zerosLike(Tensor t) { return zeros(t.backend(), t.dtype(), t.shape); }

    public static Tensor fullLike(Tensor t, double v) { return zerosLike(t).add(v); }

    // ---------------------------------------------------------------- properties

    public Shape shape() { return shape; }
    public int[] dims() { return shape.dims(); }
    public int rank() { return shape.rank(); }
    public int size(int dim) { return shape.dim(dim); }
    public int numel() { return shape.numel(); }
    public DType dtype() { return storage.dtype(); }
    public Storage storage() { return storage; }
    public Backend backend() { return storage.backend(); }
    public Device device() { return storage.backend().device(); }
    public int offset() { return offset; }
    public int[] strides() { return strides.clone(); }
    public int stride(int dim) { return strides[shape.axis(dim)]; }

    public boolean isContiguous() {
        int acc = 1;
        for (int i = shape.rank() - 1; i >= 0; i--) {
            if (shape.dim(i) != 1 && strides[i] != acc) return false;
            acc *= shape.dim(i);
        }
        return true;
    }

    // ---------------------------------------------------------------- views

    /** Same data, new shape; a view when contiguous, else a copy. One dimension may be -1. */
    public Tensor reshape(int... newDims) {
        int[] d = newDims.clone();
        int known = 1, infer = -1;
        for (int i = 0; i < d.length; i++) {
            if (d[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException("reshape: more than one -1 in " + Arrays.toString(newDims));
                infer = i;
            } else known *= d[i];
        }
        if (infer >= 0) {
            if (known == 0 || numel() % known != 0)
                throw new IllegalArgumentException("reshape: cannot reshape " + shape + " into " + Arrays.toString(newDims));
            d[infer] = numel() / known;
        }
        Shape ns = Shape.of(d);
        if (ns.numel() != numel())
            throw new IllegalArgumentException("reshape: cannot reshape " + shape + " (" + numel() + " elements) into " + ns);
        Tensor c = contiguous();
        return new Tensor(c.storage, ns, ns.contiguousStrides(), c.offset);
    }

    public Tensor reshape(Shape s) { return reshape(s.dims()); }

    /** Reorders dimensions: result dimension i is this tensor's dimension {@code order[i]}. */
    public Tensor permute(int... order) {
        if (order.length != rank())
            throw new IllegalArgumentException("permute: order " + Arrays.toString(order) + " does not match rank of " + shape);
        int[] nd = new int[rank()], ns = new int[rank()];
        boolean[] seen = new boolean[rank()];
        for (int i = 0; i < order.length; i++) {
            int a = shape.axis(order[i]);
            if (seen[a]) throw new IllegalArgumentException("permute: repeated dimension in " + Arrays.toString(order));
            seen[a] = true;
            nd[i] = shape.dim(a);
            ns[i] = strides[a];
        }
        return new Tensor(storage, Shape.of(nd), ns, offset);
    }

    public Tensor transpose(int d0, int d1) {
        int[] order = new int[rank()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        int a = shape.axis(d0), b = shape.axis(d1);
        order[a] = b;
        order[b] = a;
        return permute(order);
    }

    /** {@code x[..., start:end:step, ...]} along {@code dim}, Python-style bounds clamping; a view. */
    public Tensor slice(int dim, int start, int end, int step) {
        int a = shape.axis(dim);
        int n = shape.dim(a);
        if (step < 1) throw new IllegalArgumentException("slice: step must be positive, got " + step);
        if (start < 0) start += n;
        if (end < 0) end += n;
        start = Math.max(0, Math.min(start, n));
        end = Math.max(start, Math.min(end, n));
        int len = (end - start + step - 1) / step;
        int[] ns = strides.clone();
        ns[a] = strides[a] * step;
        return new Tensor(storage, shape.with(a, len), ns, offset + start * strides[a]);
    }

    /** Broadcasts to {@code target} without copying (stride 0 along expanded dimensions). */
    public Tensor expand(Shape target) {
        if (Shape.broadcast("expand", shape, target).equals(target) == false)
            throw new IllegalArgumentException("expand: shape " + shape + " cannot be expanded to " + target);
        int r = target.rank(), lead = r - rank();
        int[] ns = new int[r];
        for (int i = 0; i < r; i++) {
            if (i < lead) ns[i] = 0;
            else ns[i] = shape.dim(i - lead) == 1 && target.dim(i) != 1 ? 0 : strides[i - lead];
        }
        return new Tensor(storage, target, ns, offset);
    }

    /** Inserts a dimension of size 1 at {@code dim}. */
    public Tensor unsqueeze(int dim) {
        int a = dim < 0 ? dim + rank() + 1 : dim;
        if (a < 0 || a > rank()) throw new IllegalArgumentException("unsqueeze: dimension " + dim + " out of range for " + shape);
        int[] d = new int[rank() + 1], s = new int[rank() + 1];
        for (int i = 0, j = 0; i <= rank(); i++) {
            if (i == a) { d[i] = 1; s[i] = 0; }
            else { d[i] = shape.dim(j); s[i] = strides[j]; j++; }
        }
        return new Tensor(storage, Shape.of(d), s, offset);
    }

    /** A contiguous tensor with the same values (this one when already contiguous). */
    public Tensor contiguous() {
        if (isContiguous()) return this;
        Tensor out = zeros(backend(), dtype(), shape);
        backend().assign(out, this);
        return out;
    }

    /** A new contiguous copy. */
    public Tensor copy() {
        Tensor out = zeros(backend(), dtype(), shape);
        backend().assign(out, this);
        return out;
    }

    /** Converted to another dtype (this tensor when it already has it). */
    public Tensor to(DType t) {
        if (t == dtype()) return this;
        Tensor out = zeros(backend(), t, shape);
        backend().assign(out, this);
        return out;
    }

    /** Copied to another backend's device (this tensor when already there). */
    public Tensor to(Backend b) {
        if (b == backend()) return this;
        Tensor c = contiguous();
        Storage s = c.dtype() == DType.FLOAT32
                ? b.upload(backend().downloadFloat(c.storage, c.offset, numel()))
                : b.upload(DType.FLOAT64, backend().download(c.storage, c.offset, numel()));
        return contiguous(s, shape);
    }

    /** Writes {@code src} (broadcast, converted) into this view. */
    public void assign(Tensor src) {
        if (!Shape.broadcast("assign", src.shape, shape).equals(shape))
            throw new IllegalArgumentException("assign: source " + src.shape + " does not broadcast to destination " + shape);
        backend().assign(this, src.to(backend()));
    }

    // ---------------------------------------------------------------- host access

    public double[] toDoubleArray() {
        Tensor c = contiguous();
        return backend().download(c.storage, c.offset, numel());
    }

    public float[] toFloatArray() {
        Tensor c = contiguous();
        return backend().downloadFloat(c.storage, c.offset, numel());
    }

    /** The value of a one-element tensor. */
    public double item() {
        if (numel() != 1) throw new IllegalArgumentException("item: tensor of shape " + shape + " has " + numel() + " elements, expected 1");
        return backend().download(storage, offset, 1)[0];
    }

    /** One element, by index. */
    public double get(int... idx) {
        if (idx.length != rank()) throw new IllegalArgumentException("get: " + idx.length + " indices for shape " + shape);
        int pos = offset;
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= shape.dim(i))
                throw new IllegalArgumentException("get: index " + Arrays.toString(idx) + " out of range for " + shape);
            pos += idx[i] * strides[i];
        }
        return backend().download(storage, pos, 1)[0];
    }

    // ---------------------------------------------------------------- arithmetic

    public Tensor unary(UnaryOp op) { return backend().unary(op, this); }

    public Tensor binary(BinaryOp op, Tensor other) {
        if (other.dtype() != dtype())
            throw new IllegalArgumentException(op.name().toLowerCase() + ": dtypes " + dtype() + " and " + other.dtype() + " differ");
        if (other.backend() != backend())
            throw new IllegalArgumentException(op.name().toLowerCase() + ": tensors on " + device() + " and " + other.device());
        Shape.broadcast(op.name().toLowerCase(), shape, other.shape);
        return backend().binary(op, this, other);
    }

    private Tensor scalarLike(double v) { return contiguous(backend().upload(dtype(), new double[] {v}), Shape.SCALAR); }

    public Tensor add(Tensor o) { return binary(BinaryOp.ADD, o); }
    public Tensor sub(Tensor o) { return binary(BinaryOp.SUB, o); }
    public Tensor mul(Tensor o) { return binary(BinaryOp.MUL, o); }
    public Tensor div(Tensor o) { return binary(BinaryOp.DIV, o); }
    public Tensor pow(Tensor o) { return binary(BinaryOp.POW, o); }
    public Tensor maximum(Tensor o) { return binary(BinaryOp.MAXIMUM, o); }
    public Tensor gt(Tensor o) { return binary(BinaryOp.GT, o); }
    public Tensor eq(Tensor o) { return binary(BinaryOp.EQ, o); }
    /** This where {@code o} &gt; 0, else 0. */
    public Tensor wherePositive(Tensor o) { return binary(BinaryOp.WHERE_POSITIVE, o); }

    public Tensor add(double v) { return binary(BinaryOp.ADD, scalarLike(v)); }
    public Tensor sub(double v) { return binary(BinaryOp.SUB, scalarLike(v)); }
    public Tensor mul(double v) { return binary(BinaryOp.MUL, scalarLike(v)); }
    public Tensor div(double v) { return binary(BinaryOp.DIV, scalarLike(v)); }
    public Tensor pow(double v) { return binary(BinaryOp.POW, scalarLike(v)); }
    public Tensor gt(double v) { return binary(BinaryOp.GT, scalarLike(v)); }
    /** {@code v - this}. */
    public Tensor rsub(double v) { return scalarLike(v).binary(BinaryOp.SUB, this); }

    public Tensor neg() { return unary(UnaryOp.NEG); }
    public Tensor exp() { return unary(UnaryOp.EXP); }
    public Tensor log() { return unary(UnaryOp.LOG); }
    public Tensor sqrt() { return unary(UnaryOp.SQRT); }
    public Tensor rsqrt() { return unary(UnaryOp.RSQRT); }
    public Tensor relu() { return unary(UnaryOp.RELU); }
    public Tensor abs() { return unary(UnaryOp.ABS); }
    public Tensor square() { return unary(UnaryOp.SQUARE); }

    /** Sum over {@code dims} (all dimensions when none are given). */
    public Tensor sum(int[] dims, boolean keepDim) { return backend().reduce(ReduceOp.SUM, this, normalizeDims(dims), keepDim); }

    public Tensor sum() { return sum(new int[0], false); }

    public Tensor max(int[] dims, boolean keepDim) { return backend().reduce(ReduceOp.MAX, this, normalizeDims(dims), keepDim); }

    public Tensor mean(int[] dims, boolean keepDim) {
        int[] nd = normalizeDims(dims);
        int count = 1;
        for (int d : nd) count *= shape.dim(d);
        return sum(nd, keepDim).div(count);
    }

    /** Sums the broadcast dimensions away so that the result has {@code target}'s shape (the adjoint of expand). */
    public Tensor sumTo(Shape target) {
        if (shape.equals(target)) return this;
        if (!Shape.broadcast("sum_to", target, shape).equals(shape))
            throw new IllegalArgumentException("sum_to: shape " + shape + " is not a broadcast of " + target);
        int lead = rank() - target.rank();
        int n = 0;
        int[] dims = new int[rank()];
        for (int i = 0; i < rank(); i++)
            if (i < lead || (target.dim(i - lead) == 1 && shape.dim(i) != 1)) dims[n++] = i;
        Tensor s = n == 0 ? this : sum(Arrays.copyOf(dims, n), true);
        return s.reshape(target);
    }

    /** All dimensions sorted, when {@code dims} is empty; else normalised, checked and sorted. */
    int[] normalizeDims(int[] dims) {
        if (dims.length == 0) {
            int[] all = new int[rank()];
            for (int i = 0; i < all.length; i++) all[i] = i;
            return all;
        }
        int[] nd = new int[dims.length];
        for (int i = 0; i < dims.length; i++) nd[i] = shape.axis(dims[i]);
        Arrays.sort(nd);
        for (int i = 1; i < nd.length; i++)
            if (nd[i] == nd[i - 1]) throw new IllegalArgumentException("reduce: repeated dimension in " + Arrays.toString(dims));
        return nd;
    }

    /** Matrix product of two 2-D tensors. */
    public Tensor matmul(Tensor b) {
        if (rank() != 2 || b.rank() != 2 || size(1) != b.size(0))
            throw new IllegalArgumentException("matmul: shapes " + shape + " and " + b.shape + " do not multiply (expected [m, k] and [k, n])");
        checkSame("matmul", b);
        return backend().matmul(this, b);
    }

    void checkSame(String op, Tensor o) {
        if (o.dtype() != dtype()) throw new IllegalArgumentException(op + ": dtypes " + dtype() + " and " + o.dtype() + " differ");
        if (o.backend() != backend()) throw new IllegalArgumentException(op + ": tensors on " + device() + " and " + o.device());
    }

    // ---------------------------------------------------------------- image operations (NCHW)

    public Tensor conv2d(Tensor w, ConvParams p) {
        checkConv(shape, w.shape, p);
        checkSame("conv2d", w);
        return backend().conv2d(this, w, p);
    }

    /** Checks conv2d operand shapes; the message names both shapes and what was expected. */
    public static void checkConv(Shape x, Shape w, ConvParams p) {
        if (x.rank() != 4 || w.rank() != 4)
            throw new IllegalArgumentException("conv2d: input " + x + " and weight " + w + " must both be 4-D (NCHW and OIhw)");
        if (x.dim(1) % p.groups() != 0 || w.dim(0) % p.groups() != 0 || w.dim(1) * p.groups() != x.dim(1))
            throw new IllegalArgumentException("conv2d: input " + x + " and weight " + w + " do not match for groups="
                    + p.groups() + " (expected weight [O, C/groups, kh, kw] with C=" + x.dim(1) + ")");
        if (p.outH(x.dim(2), w.dim(2)) < 1 || p.outW(x.dim(3), w.dim(3)) < 1)
            throw new IllegalArgumentException("conv2d: input " + x + " is smaller than the dilated kernel of weight " + w);
    }

    public Tensor maxPool2d(PoolParams p) { checkPool("max_pool2d", p); return backend().maxPool2d(this, p); }

    public Tensor avgPool2d(PoolParams p) { checkPool("avg_pool2d", p); return backend().avgPool2d(this, p); }

    void checkPool(String op, PoolParams p) {
        if (rank() != 4) throw new IllegalArgumentException(op + ": input " + shape + " must be 4-D (NCHW)");
        if (p.outH(size(2)) < 1 || p.outW(size(3)) < 1)
            throw new IllegalArgumentException(op + ": input " + shape + " is smaller than the window " + p.kernelH() + "x" + p.kernelW());
    }

    @Override public String toString() {
        int n = Math.min(numel(), 8);
        double[] d = numel() == 0 ? new double[0] : reshape(-1).slice(0, 0, n, 1).toDoubleArray();
        return "Tensor" + shape + " " + dtype() + " " + Arrays.toString(d) + (numel() > n ? "..." : "");
    }
}

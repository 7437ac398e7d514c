package org.darts4j.autograd;

import java.util.Arrays;
import java.util.List;
import org.darts4j.tensor.ConvParams;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.PoolParams;
import org.darts4j.tensor.Recycling;
import org.darts4j.tensor.Shape;
import org.darts4j.tensor.Tensor;
import org.darts4j.tensor.UnaryOp;

/**
 * A tensor in the define-by-run graph. Each operation computes its value and, right beside it, its backward rule
 * written with other {@code Variable} operations, so that gradients can themselves be differentiated
 * ({@code createGraph}) — what the exact DARTS hypergradient and Hessian-vector products need.
 *
 * <p>A leaf that {@link #requiresGrad()} is a parameter; {@link #backward()} accumulates into its {@link #grad()}.
 */
public final class Variable {
    private Tensor data;
    private Variable grad;
    private final boolean requiresGrad;
    final String op;
    Variable[] inputs;
    Backward backward;
    private boolean released;
    /** The training step that counts this value as held ({@link Recycling#hold}), or null. */
    private Recycling holder;
    /** Whether a backward rule reads this value (it then stays until backward has run), and whether {@link #drop} ran. */
    private boolean saved, dropped;

    private Variable(Tensor data, boolean requiresGrad, String op, Variable[] inputs, Backward backward) {
        this.data = data;
        this.requiresGrad = requiresGrad;
        this.op = op;
        this.inputs = inputs;
        this.backward = backward;
        holdInStep();
    }

    /**
     * Inside a training step's scope ({@link Recycling#openStep}) every variable made there holds its value's storage
     * until it is dropped ({@link #drop}), so that a storage goes back only when no variable over it (a leaf, a view,
     * a {@link #detach detached} copy) can still be read.
     */
    private void holdInStep() {
        Recycling step = Recycling.current();
        if (step != null && step.recyclesGraphValues()) {
            holder = step;
            step.hold(data);
        }
    }

    /** A constant: no gradient flows into it. */
    public static Variable constant(Tensor t) { return new Variable(t, false, null, null, null); }

    /** A leaf that requires a gradient, such as a weight or α. */
    public static Variable parameter(Tensor t) { return new Variable(t, true, null, null, null); }

    /** Which values an operation's backward rule reads (beyond shapes): what the graph must keep for it. */
    enum Keeps {
        /** Neither the inputs' values nor the output's (sums, concatenation, views, average pooling). */
        NOTHING,
        /** The inputs' values (convolution, batch norm, max pooling, matrix product). */
        INPUTS,
        /** The output's value (ReLU). */
        OUTPUT,
        /** Inputs and output: what an operation that does not say otherwise is taken to keep. */
        ALL
    }

    /** The result of operation {@code op}: recorded in the graph when grad mode is on and an input requires a gradient. */
    static Variable result(String op, Tensor value, Backward backward, Variable... inputs) {
        return result(op, value, backward, Keeps.ALL, inputs);
    }

    /**
     * The result of operation {@code op} whose backward rule reads only what {@code keeps} says; inside a training
     * step's scope ({@link Recycling#openStep}) the value is counted as held until {@link #drop}.
     */
    static Variable result(String op, Tensor value, Backward backward, Keeps keeps, Variable... inputs) {
        boolean rg = false;
        for (Variable v : inputs)
            if (v.dropped && !Autograd.inBackwardRule())
                throw new IllegalStateException(op + ": an input was dropped (Variable.drop) and may not be read again");
        if (GradMode.isEnabled()) for (Variable v : inputs) rg |= v.requiresGrad;
        Variable out = rg ? new Variable(value, true, op, inputs, backward) : new Variable(value, false, null, null, null);
        if (rg) {
            if (keeps == Keeps.INPUTS || keeps == Keeps.ALL) for (Variable v : inputs) v.saved = true;
            if (keeps == Keeps.OUTPUT || keeps == Keeps.ALL) out.saved = true;
        }
        return out;
    }

    // ---------------------------------------------------------------- state

    public Tensor data() { return data; }

    /** Replaces a leaf's value (an optimizer step); the shape and dtype must stay the same. */
    public void setData(Tensor t) {
        if (!isLeaf()) throw new IllegalStateException("setData: only leaves can be updated, not the result of " + op);
        if (!t.shape().equals(data.shape()) || t.dtype() != data.dtype())
            throw new IllegalArgumentException("setData: expected " + data.shape() + " " + data.dtype() + ", got " + t.shape() + " " + t.dtype());
        data = t;
        holdInStep();
    }

    public Variable grad() { return grad; }

    public void setGrad(Variable g) { grad = g; }

    public void zeroGrad() { grad = null; }

    public boolean requiresGrad() { return requiresGrad; }

    public boolean isLeaf() { return inputs == null && !released; }

    /** Whether backward() has run through this result and freed its link to its inputs. */
    boolean released() { return released; }

    /** Drops the links to the inputs and the backward rule (and what it captured), after backward() used them. */
    void release() {
        released = true;
        inputs = null;
        backward = null;
    }

    /** The name of the operation that made this variable, or null for a leaf. */
    public String op() { return op; }

    /** The variables this one was computed from (empty for a leaf, and after backward() released them): for analysis. */
    public List<Variable> inputs() {
        if (inputs == null) return List.of();
        return java.util.Collections.unmodifiableList(java.util.Arrays.asList(inputs));
    }

    public Shape shape() { return data.shape(); }

    public int size(int dim) { return data.size(dim); }

    public int rank() { return data.rank(); }

    public DType dtype() { return data.dtype(); }

    public double item() { return data.item(); }

    /** The same value, cut from the graph. */
    public Variable detach() { return constant(data); }

    /**
     * The caller will not read this value again (PyTorch's {@code del x}). Inside the training step's scope that made
     * it ({@link Recycling#openStep}), its storage is handed back now for the next tensor of its size if no backward
     * rule reads it and no other value held by the step lies on it (a view, {@link #detach}); a value a rule reads goes
     * when backward has used it, as before. Elsewhere nothing happens. An operation on a dropped variable fails.
     */
    public void drop() {
        if (dropped) return;
        dropped = true;
        if (holder != null && !saved && holder.recyclesGraphValues()) holder.letGo(data);
    }

    /**
     * {@code x} through {@code steps} in turn, each value dropped ({@link #drop}) once the next step has read it,
     * {@code x} included: the last result is the caller's. A step that returns its input drops nothing.
     */
    @SafeVarargs
    public static Variable dropping(Variable x, java.util.function.UnaryOperator<Variable>... steps) {
        for (java.util.function.UnaryOperator<Variable> f : steps) {
            Variable y = f.apply(x);
            if (y != x) x.drop();
            x = y;
        }
        return x;
    }

    /** Accumulates d(this)/d(leaf) into every leaf's {@link #grad()}; this must hold one element. */
    public void backward() {
        if (data.numel() != 1)
            throw new IllegalArgumentException("backward: output of shape " + shape() + " is not a scalar; pass a gradient");
        backward(constant(Tensor.fullLike(data, 1.0)), false);
    }

    /** Accumulates the vector-Jacobian product with {@code gradOutput} into every leaf's {@link #grad()}. */
    public void backward(Variable gradOutput, boolean createGraph) {
        Autograd.backward(List.of(this), List.of(gradOutput), createGraph);
    }

    // ---------------------------------------------------------------- element-wise arithmetic (broadcasting)

    public Variable add(Variable b) {
        Variable a = this;
        return result("add", data.add(b.data), (g, o, n) -> new Variable[] {
                n[0] ? g.sumTo(a.shape()) : null, n[1] ? g.sumTo(b.shape()) : null}, Keeps.NOTHING, a, b);
    }

    public Variable sub(Variable b) {
        Variable a = this;
        return result("sub", data.sub(b.data), (g, o, n) -> new Variable[] {
                n[0] ? g.sumTo(a.shape()) : null, n[1] ? g.neg().sumTo(b.shape()) : null}, Keeps.NOTHING, a, b);
    }

    public Variable mul(Variable b) {
        Variable a = this;
        return result("mul", data.mul(b.data), (g, o, n) -> new Variable[] {
                n[0] ? g.mul(b).sumTo(a.shape()) : null, n[1] ? g.mul(a).sumTo(b.shape()) : null}, a, b);
    }

    public Variable div(Variable b) {
        Variable a = this;
        return result("div", data.div(b.data), (g, o, n) -> new Variable[] {
                n[0] ? g.div(b).sumTo(a.shape()) : null,
                n[1] ? g.mul(a).div(b.mul(b)).neg().sumTo(b.shape()) : null}, a, b);
    }

    public Variable add(double s) { return result("add_scalar", data.add(s), (g, o, n) -> new Variable[] {g}, Keeps.NOTHING, this); }

    public Variable sub(double s) { return add(-s); }

    public Variable mul(double s) { return result("mul_scalar", data.mul(s), (g, o, n) -> new Variable[] {g.mul(s)}, Keeps.NOTHING, this); }

    public Variable div(double s) { return result("div_scalar", data.div(s), (g, o, n) -> new Variable[] {g.div(s)}, Keeps.NOTHING, this); }

    /** {@code s - this}. */
    public Variable rsub(double s) { return neg().add(s); }

    /** Element-wise power with a constant exponent. */
    public Variable pow(double p) {
        Variable a = this;
        return result("pow", data.pow(p), (g, o, n) -> new Variable[] {
                p == 0 ? g.mul(0.0) : p == 1 ? g : p == 2 ? g.mul(a).mul(2.0) : g.mul(a.pow(p - 1)).mul(p)}, a);
    }

    public Variable neg() { return result("neg", data.neg(), (g, o, n) -> new Variable[] {g.neg()}, Keeps.NOTHING, this); }

    public Variable exp() { return result("exp", data.exp(), (g, o, n) -> new Variable[] {g.mul(o)}, this); }

    public Variable log() {
        Variable a = this;
        return result("log", data.log(), (g, o, n) -> new Variable[] {g.div(a)}, a);
    }

    public Variable sqrt() {
        return result("sqrt", data.sqrt(), (g, o, n) -> new Variable[] {g.div(o.mul(2.0))}, this);
    }

    /** {@code 1/sqrt(x)}. */
    public Variable rsqrt() { return pow(-0.5); }

    public Variable square() { return pow(2); }

    /**
     * max(x, 0). The backward rule reads the output, not x (y &gt; 0 exactly where x &gt; 0), so that x need not be
     * kept: ∂x = g·[y &gt; 0], a constant mask, taken in one pass for a plain gradient and multiplied when recorded.
     */
    public Variable relu() {
        return result("relu", data.relu(), (g, o, n) -> new Variable[] {GradMode.isEnabled()
                ? g.mul(constant(o.data.unary(UnaryOp.STEP))) : constant(g.data.wherePositive(o.data))}, Keeps.OUTPUT, this);
    }

    // ---------------------------------------------------------------- reductions

    /** Sum over {@code dims} (every dimension when none are given). */
    public Variable sum(int[] dims, boolean keepDim) {
        Variable a = this;
        int[] nd = normalize(dims);
        return result("sum", data.sum(nd, keepDim), (g, o, n) -> new Variable[] {g.unreduce(nd, keepDim, a.shape())}, Keeps.NOTHING, a);
    }

    public Variable sum() { return sum(new int[0], false); }

    public Variable sum(int dim, boolean keepDim) { return sum(new int[] {dim}, keepDim); }

    public Variable mean(int[] dims, boolean keepDim) {
        int[] nd = normalize(dims);
        int count = 1;
        for (int d : nd) count *= size(d);
        return sum(nd, keepDim).div(count);
    }

    public Variable mean() { return mean(new int[0], false); }

    /**
     * Maximum over {@code dims}. Where several elements tie for the maximum, the gradient is shared equally among
     * them (like {@code torch.amax}).
     */
    public Variable max(int[] dims, boolean keepDim) {
        Variable a = this;
        int[] nd = normalize(dims);
        Tensor m = data.max(nd, keepDim);
        return result("max", m, (g, o, n) -> {
            Tensor mk = keepDim ? m : unsqueezeAll(m, nd);
            Tensor mask = a.data.eq(mk);
            Tensor share = mask.div(mask.sum(nd, true));
            return new Variable[] {g.unreduce(nd, keepDim, a.shape()).mul(constant(share))};
        }, a);
    }

    public Variable max(int dim, boolean keepDim) { return max(new int[] {dim}, keepDim); }

    private int[] normalize(int[] dims) {
        if (dims.length == 0) {
            int[] all = new int[rank()];
            for (int i = 0; i < all.length; i++) all[i] = i;
            return all;
        }
        int[] nd = new int[dims.length];
        for (int i = 0; i < dims.length; i++) nd[i] = shape().axis(dims[i]);
        Arrays.sort(nd);
        return nd;
    }

    private static Tensor unsqueezeAll(Tensor t, int[] sortedDims) {
        for (int d : sortedDims) t = t.unsqueeze(d);
        return t;
    }

    /** Undoes a reduction's shape: restores reduced dimensions and expands to {@code full}. */
    private Variable unreduce(int[] sortedDims, boolean keepDim, Shape full) {
        Variable g = this;
        if (!keepDim) {
            int[] d = new int[full.rank()];
            Arrays.fill(d, -2);
            for (int x : sortedDims) d[x] = 1;
            int j = 0;
            for (int i = 0; i < d.length; i++) if (d[i] == -2) d[i] = g.size(j++);
            g = g.reshape(d);
        }
        return g.expand(full);
    }

    // ---------------------------------------------------------------- shape operations

    public Variable reshape(int... dims) {
        Variable a = this;
        return result("reshape", data.reshape(dims), (g, o, n) -> new Variable[] {g.reshape(a.shape().dims())}, Keeps.NOTHING, a);
    }

    public Variable flatten() { return reshape(size(0), -1); }

    public Variable permute(int... order) {
        int[] inverse = new int[order.length];
        for (int i = 0; i < order.length; i++) inverse[shape().axis(order[i])] = i;
        return result("permute", data.permute(order), (g, o, n) -> new Variable[] {g.permute(inverse)}, Keeps.NOTHING, this);
    }

    public Variable transpose(int d0, int d1) {
        int[] order = new int[rank()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        int a = shape().axis(d0), b = shape().axis(d1);
        order[a] = b;
        order[b] = a;
        return permute(order);
    }

    /** Broadcasts to {@code target}; the gradient sums the broadcast dimensions back. */
    public Variable expand(Shape target) {
        if (shape().equals(target)) return this;
        Variable a = this;
        return result("expand", data.expand(target), (g, o, n) -> new Variable[] {g.sumTo(a.shape())}, Keeps.NOTHING, a);
    }

    /** Sums broadcast dimensions away to reach {@code target} (the adjoint of {@link #expand}). */
    public Variable sumTo(Shape target) {
        if (shape().equals(target)) return this;
        Variable a = this;
        return result("sum_to", data.sumTo(target), (g, o, n) -> new Variable[] {g.expand(a.shape())}, Keeps.NOTHING, a);
    }

    /** {@code x[..., start:end:step, ...]} along {@code dim}. */
    public Variable slice(int dim, int start, int end, int step) {
        Variable a = this;
        int ax = shape().axis(dim);
        Tensor v = data.slice(ax, start, end, step);
        int n0 = size(ax);
        int s0 = start < 0 ? Math.max(0, start + n0) : Math.min(start, n0);
        int[] starts = new int[rank()], steps = new int[rank()];
        Arrays.fill(steps, 1);
        starts[ax] = s0;
        steps[ax] = step;
        return result("slice", v, (g, o, n) -> new Variable[] {g.embed(a.shape(), starts, steps)}, Keeps.NOTHING, a);
    }

    /**
     * Places this tensor into zeros of shape {@code full} at positions {@code start + i*step} per dimension: the
     * adjoint of strided slicing, and zero padding when the steps are 1.
     */
    public Variable embed(Shape full, int[] starts, int[] steps) {
        Shape own = shape();
        if (full.rank() != own.rank()) throw new IllegalArgumentException("embed: rank of " + own + " differs from " + full);
        Tensor out = Tensor.zeros(data.backend(), data.dtype(), full);
        Tensor view = out;
        for (int d = 0; d < own.rank(); d++) {
            int end = starts[d] + (own.dim(d) - 1) * steps[d] + 1;
            if (starts[d] < 0 || end > full.dim(d))
                throw new IllegalArgumentException("embed: " + own + " does not fit in " + full + " at dimension " + d);
            view = view.slice(d, starts[d], end, steps[d]);
        }
        view.assign(data);
        Variable a = this;
        return result("embed", out, (g, o, n) -> new Variable[] {g.window(own, starts, steps)}, Keeps.NOTHING, a);
    }

    /** The strided window of {@code size} elements per dimension starting at {@code starts}: the adjoint of embed. */
    Variable window(Shape size, int[] starts, int[] steps) {
        Tensor view = data;
        for (int d = 0; d < size.rank(); d++)
            view = view.slice(d, starts[d], starts[d] + (size.dim(d) - 1) * steps[d] + 1, steps[d]);
        Shape full = shape();
        return result("window", view, (g, o, n) -> new Variable[] {g.embed(full, starts, steps)}, Keeps.NOTHING, this);
    }

    /** Zero padding of the last two dimensions: {@code (left, right, top, bottom)} as in {@code F.pad}. */
    public Variable pad2d(int left, int right, int top, int bottom) {
        if (rank() < 2) throw new IllegalArgumentException("pad2d: input " + shape() + " has fewer than 2 dimensions");
        if (left < 0 || right < 0 || top < 0 || bottom < 0)
            throw new IllegalArgumentException("pad2d: padding must be non-negative, got " + left + ", " + right + ", " + top + ", " + bottom);
        int r = rank();
        int[] d = shape().dims(), starts = new int[r], steps = new int[r];
        Arrays.fill(steps, 1);
        d[r - 1] += left + right;
        d[r - 2] += top + bottom;
        starts[r - 1] = left;
        starts[r - 2] = top;
        return embed(Shape.of(d), starts, steps);
    }

    /** Concatenation along {@code dim}. */
    public static Variable cat(List<Variable> parts, int dim) {
        if (parts.isEmpty()) throw new IllegalArgumentException("cat: no tensors to concatenate");
        Variable first = parts.get(0);
        int ax = first.shape().axis(dim);
        int total = 0;
        for (Variable p : parts) {
            if (p.rank() != first.rank()) throw new IllegalArgumentException("cat: shapes " + first.shape() + " and " + p.shape() + " differ in rank");
            for (int d = 0; d < p.rank(); d++)
                if (d != ax && p.size(d) != first.size(d))
                    throw new IllegalArgumentException("cat: shapes " + first.shape() + " and " + p.shape() + " differ outside dimension " + ax);
            if (p.dtype() != first.dtype()) throw new IllegalArgumentException("cat: dtypes " + first.dtype() + " and " + p.dtype() + " differ");
            total += p.size(ax);
        }
        Tensor out = Tensor.zeros(first.data.backend(), first.dtype(), first.shape().with(ax, total));
        int[] offsets = new int[parts.size()];
        int at = 0;
        for (int i = 0; i < parts.size(); i++) {
            offsets[i] = at;
            int len = parts.get(i).size(ax);
            out.slice(ax, at, at + len, 1).assign(parts.get(i).data);
            at += len;
        }
        Variable[] in = parts.toArray(new Variable[0]);
        return result("cat", out, (g, o, n) -> {
            Variable[] gs = new Variable[in.length];
            for (int i = 0; i < in.length; i++)
                if (n[i]) gs[i] = g.slice(ax, offsets[i], offsets[i] + in[i].size(ax), 1);
            return gs;
        }, Keeps.NOTHING, in);
    }

    // ---------------------------------------------------------------- linear algebra and images

    /** Matrix product of 2-D variables. */
    public Variable matmul(Variable b) {
        Variable a = this;
        return result("matmul", data.matmul(b.data), (g, o, n) -> new Variable[] {
                n[0] ? g.matmul(b.transpose(0, 1)) : null, n[1] ? a.transpose(0, 1).matmul(g) : null}, Keeps.INPUTS, a, b);
    }

    /** Cross-correlation, as {@code F.conv2d} without bias. */
    public Variable conv2d(Variable w, ConvParams p) {
        Variable x = this;
        return result("conv2d", data.conv2d(w.data, p), (g, o, n) -> new Variable[] {
                n[0] ? g.conv2dInputGrad(w, x.shape(), p) : null,
                n[1] ? x.conv2dWeightGrad(g, w.shape(), p) : null}, Keeps.INPUTS, x, w);
    }

    /** The adjoint of conv2d in its input, applied to this gradient (a transposed convolution). */
    Variable conv2dInputGrad(Variable w, Shape xShape, ConvParams p) {
        Variable gy = this;
        Tensor.checkConv(xShape, w.shape(), p);
        return result("conv2d_input_grad", data.backend().conv2dInputGrad(data, w.data, xShape, p), (h, o, n) -> new Variable[] {
                n[0] ? h.conv2d(w, p) : null,
                n[1] ? h.conv2dWeightGrad(gy, w.shape(), p) : null}, gy, w);
    }

    /** The gradient of conv2d's weight for upstream {@code gy}, with this as the input. */
    Variable conv2dWeightGrad(Variable gy, Shape wShape, ConvParams p) {
        Variable x = this;
        return result("conv2d_weight_grad", data.backend().conv2dWeightGrad(data, gy.data, wShape, p), (h, o, n) -> new Variable[] {
                n[0] ? gy.conv2dInputGrad(h, x.shape(), p) : null,
                n[1] ? x.conv2d(h, p) : null}, x, gy);
    }

    public Variable maxPool2d(PoolParams p) {
        Variable x = this;
        Tensor xd = data;
        return result("max_pool2d", data.maxPool2d(p), (g, o, n) -> new Variable[] {g.maxPoolScatter(xd, p)}, Keeps.INPUTS, x);
    }

    /** Scatters this gradient to the maxima of the windows of the constant {@code x}. */
    private Variable maxPoolScatter(Tensor x, PoolParams p) {
        return result("max_pool2d_scatter", data.backend().maxPool2dScatter(data, x, p),
                (h, o, n) -> new Variable[] {h.maxPoolGather(x, p)}, this);
    }

    private Variable maxPoolGather(Tensor x, PoolParams p) {
        return result("max_pool2d_gather", data.backend().maxPool2dGather(data, x, p),
                (h, o, n) -> new Variable[] {h.maxPoolScatter(x, p)}, this);
    }

    public Variable avgPool2d(PoolParams p) {
        Shape xs = shape();
        return result("avg_pool2d", data.avgPool2d(p), (g, o, n) -> new Variable[] {g.avgPoolAdjoint(xs, p)}, Keeps.NOTHING, this);
    }

    private Variable avgPoolAdjoint(Shape xShape, PoolParams p) {
        return result("avg_pool2d_backward", data.backend().avgPool2dBackward(data, xShape, p),
                (h, o, n) -> new Variable[] {h.avgPool2d(p)}, this);
    }

    /**
     * Batch normalisation by the backend's fused kernels: y = (x − μ)·s·γ + β per channel with s = 1/√(σ² + ε), the
     * statistics {@code mean} and {@code invstd} given (computed from x's batch when {@code training}, the running ones
     * otherwise); weight γ and bias β may be null. Only x and the per-channel values are kept for backward.
     * The backward rule has two forms: without a graph to record (a plain gradient), one fused pass over the data;
     * recording (double backpropagation), the same formula written in differentiable operations:
     * ∂β = Σ g, ∂γ = Σ g·x̂ and, with ĝ = g·γ, ∂x = s/M·(M·ĝ − Σ ĝ − x̂·Σ ĝ·x̂) for batch statistics (M = N·H·W),
     * ∂x = s·ĝ for fixed ones.
     */
    static Variable batchNorm2d(Variable x, Variable weight, Variable bias, Tensor mean, Tensor invstd, boolean training, double eps) {
        int c = x.size(1);
        Tensor wd = weight == null ? null : weight.data, bd = bias == null ? null : bias.data;
        Tensor y = x.data.backend().batchNorm2dApply(x.data, mean, invstd, wd, bd);
        java.util.List<Variable> ins = new java.util.ArrayList<>(List.of(x));
        if (weight != null) ins.add(weight);
        if (bias != null) ins.add(bias);
        int wAt = weight == null ? -1 : 1, bAt = bias == null ? -1 : ins.size() - 1;
        Backward rule = (g, o, n) -> {
            Variable[] out = new Variable[ins.size()];
            if (!GradMode.isEnabled()) {
                Tensor[] r = x.data.backend().batchNorm2dBackward(g.data, x.data, mean, invstd, wd, training);
                if (n[0]) out[0] = constant(r[0]);
                if (wAt > 0 && n[wAt]) out[wAt] = constant(r[1].reshape(weight.shape().dims()));
                if (bAt > 0 && n[bAt]) out[bAt] = constant(r[2].reshape(bias.shape().dims()));
                return out;
            }
            int[] dims = {0, 2, 3};
            Variable xhat, s;
            if (training) {
                Variable mu = x.mean(dims, true), xc = x.sub(mu);
                s = xc.square().mean(dims, true).add(eps).rsqrt();
                xhat = xc.mul(s);
            } else {
                s = constant(invstd.reshape(1, c, 1, 1));
                xhat = x.sub(constant(mean.reshape(1, c, 1, 1))).mul(s);
            }
            if (bAt > 0 && n[bAt]) out[bAt] = g.sum(dims, false).reshape(bias.shape().dims());
            if (wAt > 0 && n[wAt]) out[wAt] = g.mul(xhat).sum(dims, false).reshape(weight.shape().dims());
            if (n[0]) {
                Variable gh = weight == null ? g : g.mul(weight.reshape(1, c, 1, 1));
                if (training) {
                    double m = (double) x.size(0) * x.size(2) * x.size(3);
                    Variable inner = gh.sub(gh.mean(dims, true)).sub(xhat.mul(gh.mul(xhat).mean(dims, true)));
                    out[0] = inner.mul(s);
                } else out[0] = gh.mul(s);
            }
            return out;
        };
        return result("batch_norm2d", y, rule, Keeps.INPUTS, ins.toArray(new Variable[0]));
    }

    /**
     * y = Σ_k w_k·x_k for same-shaped x_k (null terms are zero) and weights w of shape [K], in one pass (the DARTS mixed
     * operation ō = Σ_k p_k o_k without a temporary per term). Backward: ∂x_k = w_k·g and ∂w_k = ⟨g, x_k⟩, by fused
     * kernels for a plain gradient and by differentiable operations when the backward pass is recorded.
     */
    static Variable weightedSum(List<Variable> xs, Variable w) {
        if (w.rank() != 1 || w.size(0) != xs.size())
            throw new IllegalArgumentException("weighted_sum: weights " + w.shape() + " for " + xs.size() + " terms (expected [" + xs.size() + "])");
        int k = xs.size();
        Tensor[] xd = new Tensor[k];
        java.util.List<Variable> ins = new java.util.ArrayList<>();
        int[] at = new int[k];
        for (int i = 0; i < k; i++) {
            at[i] = -1;
            if (xs.get(i) == null) continue;
            xd[i] = xs.get(i).data;
            at[i] = ins.size();
            ins.add(xs.get(i));
        }
        if (ins.isEmpty()) throw new IllegalArgumentException("weighted_sum: every term is absent");
        int wAt = ins.size();
        ins.add(w);
        Tensor y = ins.get(0).data.backend().weightedSum(xd, w.data);
        int[] ones = new int[ins.get(0).rank()];
        java.util.Arrays.fill(ones, 1);
        Backward rule = (g, o, n) -> {
            Variable[] out = new Variable[ins.size()];
            boolean graph = GradMode.isEnabled();
            for (int i = 0; i < k; i++) {
                if (at[i] < 0 || !n[at[i]]) continue;
                out[at[i]] = graph ? g.mul(w.slice(0, i, i + 1, 1).reshape(ones)) : constant(g.data.mul(w.data.slice(0, i, i + 1, 1).reshape(ones)));
            }
            if (n[wAt]) {
                if (graph) {
                    java.util.List<Variable> parts = new java.util.ArrayList<>();
                    for (int i = 0; i < k; i++)
                        parts.add(at[i] < 0 ? constant(Tensor.zeros(w.dtype(), 1).to(w.data.backend())) : g.mul(xs.get(i)).sum().reshape(1));
                    out[wAt] = cat(parts, 0);
                } else {
                    out[wAt] = constant(g.data.backend().dots(g.data, xd));
                }
            }
            return out;
        };
        return result("weighted_sum", y, rule, Keeps.INPUTS, ins.toArray(new Variable[0]));
    }

    @Override public String toString() {
        return "Variable(" + data + (requiresGrad ? ", requires_grad" : "") + (op != null ? ", op=" + op : "") + ")";
    }
}

package org.darts4j.darts.search;

import org.darts4j.autograd.F;
import org.darts4j.autograd.Variable;
import org.darts4j.nn.Module;
import org.darts4j.nn.layers.ModuleList;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;

/**
 * One edge of a search cell: the continuous relaxation ō(x) = Σ_k p_k o_k(x) with p = softmax(α_edge) over the eight
 * primitives. The term of {@code none} is zero and is not computed (it still takes its share of the softmax). The four
 * convolutions (and, on a reduction edge, the factorized skip) all begin with ReLU(x) of the same x: it is computed once
 * and shared ({@link Primitive.AfterRelu}), by this edge's operations and, in a cell, by every edge leaving x
 * ({@link SearchCell}), where the reference computes it four or five times per edge: the same values, one activation
 * kept for the backward pass instead of one per operation and edge, and ∂L/∂x gathered through one mask.
 */
public final class MixedOp extends Module {
    private final ModuleList<Module> ops = new ModuleList<>();
    private java.util.function.Consumer<Variable[]> recorder;

    public MixedOp(int c, int stride, Generator g, DType dtype) {
        registerModule("_ops", ops);
        for (Primitive p : Primitive.ALL) ops.add(p.build(c, stride, false, g, dtype));
    }

    /** ō(x) for the weights {@code p} of this edge, shape [8]. */
    public Variable forward(Variable x, Variable p) { return forward(x, null, p); }

    /**
     * ō(x) given {@code relu} = ReLU(x), which a cell computes once for all the edges leaving x (null: computed here,
     * once for this edge).
     */
    public Variable forward(Variable x, Variable relu, Variable p) {
        Variable[] o = new Variable[ops.size()];
        Variable relued = relu;
        for (int k = 0; k < ops.size(); k++) {
            if (Primitive.ALL.get(k) == Primitive.NONE) continue;
            Module op = ops.get(k);
            if (op instanceof Primitive.AfterRelu a) {
                if (relued == null) relued = x.relu();
                o[k] = a.forwardRelued(relued);
            } else {
                o[k] = op.forward(x);
            }
        }
        Variable sum = F.weightedSum(java.util.Arrays.asList(o), p);
        if (recorder != null) {
            Variable[] seen = java.util.Arrays.copyOf(o, ops.size() + 1);
            seen[ops.size()] = sum;
            recorder.accept(seen);
        }
        // the operations' outputs are read by the weighted sum only: with a graph its rule keeps them until backward; in a
        // step scope without one they go back now (Variable.drop); x and a ReLU shared by the cell are the caller's
        for (Variable v : o) if (v != null && v != x && v != relu) v.drop();
        if (relued != relu) relued.drop();
        return sum;
    }

    /**
     * GDAS' edge: only operation {@code k} runs, its output scaled by {@code w} [1] (the sampled hard weight h_{e,k},
     * whose gradient reaches α): w·o_k(x). {@code relu} gives ReLU(x), shared by the edges leaving x.
     */
    public Variable forwardOne(int k, Variable x, java.util.function.Supplier<Variable> relu, Variable w) {
        Module op = ops.get(k);
        Variable o = op instanceof Primitive.AfterRelu a ? a.forwardRelued(relu.get()) : op.forward(x);
        Variable y = F.weightedSum(java.util.List.of(o), w);
        if (o != x) o.drop();   // an identity returns x, the caller's; a ReLU-led operation never returns its input
        return y;
    }

    /**
     * For analysis: each later forward pass hands {@code r} the operation outputs o_k(x) (index k as in
     * {@link Primitive#ALL}; null for {@code none}, whose output is zero) and ō(x) at index 8. Null stops recording.
     */
    public void record(java.util.function.Consumer<Variable[]> r) { recorder = r; }

    @Override public Variable forward(Variable x) {
        throw new UnsupportedOperationException("a mixed operation needs its edge's weights: call forward(x, p)");
    }
}

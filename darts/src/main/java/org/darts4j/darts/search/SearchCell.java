package org.darts4j.darts.search;

import org.darts4j.autograd.Variable;
import org.darts4j.darts.search.method.CellStates;
import org.darts4j.darts.search.method.CellWeights;
import org.darts4j.nn.Module;
import org.darts4j.nn.layers.ModuleList;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;

/**
 * A search cell: inputs c_{k-2} and c_{k-1} (preprocessed to C channels), then {@code steps} intermediate nodes, node
 * i the sum of mixed operations over every earlier state (2 + i edges; 14 for 4 steps); the output concatenates the
 * last {@code multiplier} nodes. In a reduction cell the edges from the two inputs have stride 2.
 */
public final class SearchCell extends Module {
    private final Module preprocess0, preprocess1;
    private final ModuleList<MixedOp> ops = new ModuleList<>();
    private final int steps, multiplier;
    private final boolean reduction;

    public SearchCell(int cPrevPrev, int cPrev, int c, boolean reduction, boolean reductionPrev, int steps, int multiplier,
                      Generator g, DType dtype) {
        this(cPrevPrev, cPrev, c, reduction, reductionPrev, steps, multiplier, 1, g, dtype);
    }

    /**
     * A cell whose mixed operations are built for c/{@code partialChannels} channels (PC-DARTS; 1 for DARTS and
     * GDAS).
     */
    public SearchCell(int cPrevPrev, int cPrev, int c, boolean reduction, boolean reductionPrev, int steps, int multiplier,
                      int partialChannels, Generator g, DType dtype) {
        if (c % partialChannels != 0)
            throw new IllegalArgumentException("a cell of " + c + " channels cannot pass 1/" + partialChannels + " of them through its mixed operations: "
                    + "the width (--C, doubled at each reduction) must be divisible by --partial-channels");
        this.reduction = reduction;
        this.steps = steps;
        this.multiplier = multiplier;
        preprocess0 = registerModule("preprocess0", reductionPrev ? new Primitive.FactorizedReduce(cPrevPrev, c, false, g, dtype)
                : Primitive.reluConvBn(cPrevPrev, c, false, g, dtype));
        preprocess1 = registerModule("preprocess1", Primitive.reluConvBn(cPrev, c, false, g, dtype));
        registerModule("_ops", ops);
        for (int i = 0; i < steps; i++)
            for (int j = 0; j < 2 + i; j++) ops.add(new MixedOp(c / partialChannels, reduction && j < 2 ? 2 : 1, g, dtype));
    }

    public boolean reduction() { return reduction; }

    /** The mixed operation on edge {@code e} (edges numbered node by node, inputs in order, as α's rows). */
    public MixedOp edge(int e) { return ops.get(e); }

    /** The cell's output for inputs s0 = c_{k-2}, s1 = c_{k-1} and DARTS edge weights p = softmax(α), [edges, 8]. */
    public Variable forward(Variable s0, Variable s1, Variable p) { return forward(s0, s1, new CellWeights.Relaxed(p)); }

    /** The cell's output for inputs s0 = c_{k-2}, s1 = c_{k-1}, its nodes combining their edges as {@code w} says. */
    public Variable forward(Variable s0, Variable s1, CellWeights w) {
        CellStates states = new CellStates(preprocess0.forward(s0), preprocess1.forward(s1));
        int offset = 0;
        for (int i = 0; i < steps; i++) {
            int n = states.size();
            states.add(w.node(states, offset, ops::get, reduction));
            offset += n;
        }
        Variable out = Variable.cat(states.last(multiplier), 1);
        states.drop();
        return out;
    }

    @Override public Variable forward(Variable x) {
        throw new UnsupportedOperationException("a search cell takes two inputs and the edge weights");
    }
}

package org.darts4j.darts.search;

import java.util.ArrayList;
import java.util.List;
import org.darts4j.autograd.Variable;
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
        this.reduction = reduction;
        this.steps = steps;
        this.multiplier = multiplier;
        preprocess0 = registerModule("preprocess0", reductionPrev ? new Primitive.FactorizedReduce(cPrevPrev, c, false, g, dtype)
                : Primitive.reluConvBn(cPrevPrev, c, false, g, dtype));
        preprocess1 = registerModule("preprocess1", Primitive.reluConvBn(cPrev, c, false, g, dtype));
        registerModule("_ops", ops);
        for (int i = 0; i < steps; i++)
            for (int j = 0; j < 2 + i; j++) ops.add(new MixedOp(c, reduction && j < 2 ? 2 : 1, g, dtype));
    }

    public boolean reduction() { return reduction; }

    /** The mixed operation on edge {@code e} (edges numbered node by node, inputs in order, as α's rows). */
    public MixedOp edge(int e) { return ops.get(e); }

    /** The cell's output for inputs s0 = c_{k-2}, s1 = c_{k-1} and edge weights p = softmax(α), [edges, 8]. */
    public Variable forward(Variable s0, Variable s1, Variable p) {
        List<Variable> states = new ArrayList<>(List.of(preprocess0.forward(s0), preprocess1.forward(s1)));
        List<Variable> relus = new ArrayList<>();   // ReLU(state j), once for every edge leaving state j
        int offset = 0;
        for (int i = 0; i < steps; i++) {
            Variable s = null;
            for (int j = 0; j < states.size(); j++) {
                int e = offset + j;
                while (relus.size() <= j) relus.add(states.get(relus.size()).relu());
                Variable h = ops.get(e).forward(states.get(j), relus.get(j), p.slice(0, e, e + 1, 1).reshape(-1));
                s = s == null ? h : s.add(h);
            }
            offset += states.size();
            states.add(s);
        }
        return Variable.cat(states.subList(states.size() - multiplier, states.size()), 1);
    }

    @Override public Variable forward(Variable x) {
        throw new UnsupportedOperationException("a search cell takes two inputs and the edge weights");
    }
}

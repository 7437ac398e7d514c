package org.darts4j.darts.evaluation;

import java.util.ArrayList;
import java.util.List;
import org.darts4j.autograd.Variable;
import org.darts4j.darts.genotype.Genotype;
import org.darts4j.darts.search.Primitive;
import org.darts4j.nn.Module;
import org.darts4j.nn.layers.ModuleList;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;

/**
 * A discrete cell (the reference's {@code model.Cell}): inputs c_{k-2} and c_{k-1} preprocessed to C channels, then
 * for each intermediate node i the sum of the two operations the genotype keeps for it, each on the state its gene
 * names; the output concatenates the genotype's {@code concat} nodes. In a reduction cell the operations on the two
 * inputs have stride 2.
 */
final class EvalCell extends Module {
    private final Module preprocess0, preprocess1;
    private final ModuleList<Module> ops = new ModuleList<>();
    private final int[] inputs;
    private final boolean[] droppable;
    private final List<Integer> concat;
    private final boolean reduction;

    EvalCell(Genotype genotype, int cPrevPrev, int cPrev, int c, boolean reduction, boolean reductionPrev, Generator g, DType dtype) {
        this.reduction = reduction;
        List<Genotype.Gene> genes = reduction ? genotype.reduce() : genotype.normal();
        concat = reduction ? genotype.reduceConcat() : genotype.normalConcat();
        preprocess0 = registerModule("preprocess0", reductionPrev ? new Primitive.FactorizedReduce(cPrevPrev, c, true, g, dtype)
                : Primitive.reluConvBn(cPrevPrev, c, true, g, dtype));
        preprocess1 = registerModule("preprocess1", Primitive.reluConvBn(cPrev, c, true, g, dtype));
        registerModule("_ops", ops);
        inputs = new int[genes.size()];
        droppable = new boolean[genes.size()];
        for (int i = 0; i < genes.size(); i++) {
            Genotype.Gene gene = genes.get(i);
            int stride = reduction && gene.input() < 2 ? 2 : 1;
            ops.add(gene.op().buildForEvaluation(c, stride, g, dtype));
            inputs[i] = gene.input();
            droppable[i] = !(gene.op() == Primitive.SKIP_CONNECT && stride == 1);   // the identity is never dropped
        }
        int nodes = genes.size() / 2;
        for (int k : concat)
            if (k < 0 || k >= nodes + 2)
                throw new IllegalArgumentException("genotype " + (reduction ? "reduce" : "normal") + "_concat names node " + k + "; the cell has nodes 0.." + (nodes + 1));
    }

    boolean reduction() { return reduction; }

    int multiplier() { return concat.size(); }

    /**
     * The cell's output for s0 = c_{k-2}, s1 = c_{k-1}; drop path with probability {@code p} when training. What the
     * cell computes and does not return (states, each operation's output) is dropped once read ({@link Variable#drop}).
     */
    Variable forward(Variable s0, Variable s1, double p, Generator g) {
        List<Variable> states = new ArrayList<>(List.of(preprocess0.forward(s0), preprocess1.forward(s1)));
        for (int i = 0; i < inputs.length / 2; i++) {
            Variable s = null;
            for (int j = 2 * i; j < 2 * i + 2; j++) {
                Variable o = ops.get(j).forward(states.get(inputs[j])), h = o;
                if (isTraining() && droppable[j]) h = DropPath.apply(o, p, g);
                if (h != o) dropUnlessState(o, states);
                if (s == null) s = h;
                else {
                    Variable sum = s.add(h);
                    dropUnlessState(s, states);
                    dropUnlessState(h, states);
                    s = sum;
                }
            }
            states.add(s);
        }
        List<Variable> out = new ArrayList<>();
        for (int k : concat) out.add(states.get(k));
        Variable y = Variable.cat(out, 1);
        for (Variable s : states) if (s != s0 && s != s1) s.drop();
        return y;
    }

    /** Drops an operation's output unless it is one of the cell's states (an identity returns its input). */
    private static void dropUnlessState(Variable v, List<Variable> states) {
        for (Variable s : states) if (s == v) return;
        v.drop();
    }

    @Override public Variable forward(Variable x) {
        throw new UnsupportedOperationException("a cell takes two inputs: call forward(s0, s1, p, g)");
    }
}

package org.darts4j.darts.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.darts4j.autograd.F;
import org.darts4j.autograd.Variable;
import org.darts4j.nn.Module;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The mixed operation shares ReLU(x) among the operations that begin with it, and equals Σ_k p_k o_k(x). */
class MixedOpTest {
    private static int count(Variable out, String op) { return org.darts4j.darts.search.Graphs.count(out, op); }

    @Test void reluOfTheInputIsComputedOncePerEdge() {
        for (int stride : new int[] {1, 2}) {
            MixedOp m = new MixedOp(4, stride, new Generator(1), DType.FLOAT64);
            Variable x = Variable.parameter(Tensor.normal(new Generator(2), DType.FLOAT64, 0, 1, 2, 4, 8, 8));
            Variable p = Variable.parameter(Tensor.normal(new Generator(3), DType.FLOAT64, 0, 1, 8));
            Variable out = m.forward(x, F.softmax(p, -1));
            // one shared ReLU(x), and the separable convolutions' inner ReLUs (two of them)
            assertEquals(3, count(out, "relu"), "stride " + stride);
        }
    }

    @Test void equalsTheSumOfItsOperationsAppliedSeparately() {
        for (int stride : new int[] {1, 2}) {
            MixedOp m = new MixedOp(4, stride, new Generator(1), DType.FLOAT64);
            m.train();
            Tensor xt = Tensor.normal(new Generator(2), DType.FLOAT64, 0, 1, 2, 4, 8, 8);
            Tensor pt = F.softmax(Variable.constant(Tensor.normal(new Generator(3), DType.FLOAT64, 0, 1, 8)), -1).data();
            Variable x1 = Variable.parameter(xt);
            Variable shared = m.forward(x1, Variable.constant(pt));
            shared.sum().backward();
            Variable x2 = Variable.parameter(xt);
            Variable separate = null;
            Module ops = m.children().get("_ops");
            for (int k = 0; k < Primitive.ALL.size(); k++) {
                if (Primitive.ALL.get(k) == Primitive.NONE) continue;
                Variable term = ops.children().get(String.valueOf(k)).forward(x2).mul(pt.toDoubleArray()[k]);
                separate = separate == null ? term : separate.add(term);
            }
            separate.sum().backward();
            double[] a = shared.data().toDoubleArray(), b = separate.data().toDoubleArray();
            for (int i = 0; i < a.length; i++) assertEquals(b[i], a[i], 1e-12 * (1 + Math.abs(b[i])), "stride " + stride + " output " + i);
            double[] ga = x1.grad().data().toDoubleArray(), gb = x2.grad().data().toDoubleArray();
            for (int i = 0; i < ga.length; i++) assertEquals(gb[i], ga[i], 1e-12 * (1 + Math.abs(gb[i])), "stride " + stride + " ∂/∂x " + i);
        }
    }

    /** In a cell each state's ReLU serves every edge leaving it: 5 states' ReLUs instead of one per edge (14). */
    @Test void aCellComputesEachStatesReluOnce() {
        for (boolean reduction : new boolean[] {false, true}) {
            SearchCell cell = new SearchCell(4, 4, 4, reduction, false, 4, 4, new Generator(1), DType.FLOAT64);
            Variable s0 = Variable.parameter(Tensor.normal(new Generator(2), DType.FLOAT64, 0, 1, 2, 4, 8, 8));
            Variable s1 = Variable.parameter(Tensor.normal(new Generator(3), DType.FLOAT64, 0, 1, 2, 4, 8, 8));
            Variable p = F.softmax(Variable.parameter(Tensor.normal(new Generator(4), DType.FLOAT64, 0, 1, 14, 8)), -1);
            Variable out = cell.forward(s0, s1, p);
            // the two preprocessing ReLUs, one per state used by an edge (s0, s1, nodes 0-2), two per separable convolution
            assertEquals(2 + 5 + 2 * 14, count(out, "relu"), reduction ? "reduction cell" : "normal cell");
        }
    }
}

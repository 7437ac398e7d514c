package org.darts4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.darts4j.tensor.ConvParams;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The README's example, kept compiling and true. */
class ReadmeExampleTest {
    @Test void example() {
        // --- README example start
        Generator gen = new Generator(0);
        Variable x = Variable.constant(Tensor.normal(gen, DType.FLOAT64, 0, 1, 8, 3, 16, 16));   // NCHW
        Variable w = Variable.parameter(Tensor.normal(gen, DType.FLOAT64, 0, 0.1, 4, 3, 3, 3));
        Variable alpha = Variable.parameter(Tensor.of(new double[] {0.1, -0.2}, 2));

        // a tiny "mixed operation": softmax(α)-weighted sum of two candidate operations
        Variable p = F.softmax(alpha, 0);
        Variable conv = F.relu(x.conv2d(w, ConvParams.of(1, 1, 1, 1)));
        Variable pool = x.avgPool2d(org.darts4j.tensor.PoolParams.of(3, 1, 1, false)).sum(new int[] {1}, true).expand(conv.shape());
        Variable mixed = conv.mul(p.slice(0, 0, 1, 1).reshape(1, 1, 1, 1)).add(pool.mul(p.slice(0, 1, 2, 1).reshape(1, 1, 1, 1)));
        Variable loss = mixed.square().mean();

        // first derivatives, keeping the graph so that they can be differentiated again
        List<Variable> g = Autograd.grad(loss, List.of(w, alpha), true);
        Variable gw = g.get(0);

        // a gradient of a gradient: d/dα ⟨∇_w L, ∇_w L⟩, the kind of mixed term the exact DARTS hypergradient needs
        Variable gradNormSq = gw.square().sum();
        Variable mixedTerm = Autograd.grad(gradNormSq, List.of(alpha), false).get(0);
        System.out.println("dL/dα = " + g.get(1).data() + ", d‖∇_w L‖²/dα = " + mixedTerm.data());
        // --- README example end

        assertEquals(2, mixedTerm.data().numel());
        double eps = 1e-6;
        double[] fd = new double[2];
        for (int i = 0; i < 2; i++) {
            double[] plus = {0.1, -0.2}, minus = {0.1, -0.2};
            plus[i] += eps;
            minus[i] -= eps;
            fd[i] = (gradNormAt(x, w, plus) - gradNormAt(x, w, minus)) / (2 * eps);
        }
        assertArrayEquals(fd, mixedTerm.data().toDoubleArray(), 1e-6);
    }

    private static double gradNormAt(Variable x, Variable w0, double[] a) {
        Variable w = Variable.parameter(w0.data());
        Variable p = F.softmax(Variable.constant(Tensor.of(a, 2)), 0);
        Variable conv = F.relu(x.conv2d(w, ConvParams.of(1, 1, 1, 1)));
        Variable pool = x.avgPool2d(org.darts4j.tensor.PoolParams.of(3, 1, 1, false)).sum(new int[] {1}, true).expand(conv.shape());
        Variable mixed = conv.mul(p.slice(0, 0, 1, 1).reshape(1, 1, 1, 1)).add(pool.mul(p.slice(0, 1, 2, 1).reshape(1, 1, 1, 1)));
        Variable gw = Autograd.grad(mixed.square().mean(), List.of(w), false).get(0);
        return gw.data().square().sum().item();
    }
}

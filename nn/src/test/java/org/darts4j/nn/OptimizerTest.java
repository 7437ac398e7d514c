package org.darts4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.darts4j.autograd.Variable;
import org.darts4j.nn.optim.Adam;
import org.darts4j.nn.optim.GradClip;
import org.darts4j.nn.optim.Optimizer;
import org.darts4j.nn.optim.Schedules;
import org.darts4j.nn.optim.Sgd;
import org.darts4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Behaviour beyond the shared optimizer cases (which the conformance runner checks): state, schedules, clipping. */
class OptimizerTest {
    private static double[] run(Optimizer o, Variable w, int from, int to) {
        for (int t = from; t < to; t++) {
            w.setGrad(Variable.constant(w.data().mul(0.5).add(t)));
            o.step();
        }
        return w.data().toDoubleArray();
    }

    @Test void stateSavedMidwayResumesToTheSameBits() {
        for (int kind = 0; kind < 2; kind++) {
            Variable a = Variable.parameter(Tensor.of(new double[] {1, -2, 3}, 3)), b = Variable.parameter(Tensor.of(new double[] {1, -2, 3}, 3));
            Optimizer oa = kind == 0 ? new Sgd(List.of(a), 0.1, 0.9, 1e-3, true) : new Adam(List.of(a), 0.01, 0.9, 0.999, 1e-8, 1e-3);
            double[] straight = run(oa, a, 0, 6);
            Optimizer ob = kind == 0 ? new Sgd(List.of(b), 0.1, 0.9, 1e-3, true) : new Adam(List.of(b), 0.01, 0.9, 0.999, 1e-8, 1e-3);
            run(ob, b, 0, 3);
            var saved = ob.state();
            Variable c = Variable.parameter(b.data());
            Optimizer oc = kind == 0 ? new Sgd(List.of(c), 0.1, 0.9, 1e-3, true) : new Adam(List.of(c), 0.01, 0.9, 0.999, 1e-8, 1e-3);
            oc.loadState(saved);
            assertArrayEquals(straight, run(oc, c, 3, 6), 0.0);
        }
    }

    @Test void schedulesMatchPyTorchClosedForms() {
        var cos = Schedules.cosine(0.025, 50, 0.001);
        assertEquals(0.025, cos.lr(0), 1e-15);
        assertEquals(0.013, cos.lr(25), 1e-15);
        assertEquals(0.001, cos.lr(50), 1e-15);
        var step = Schedules.step(0.1, 30, 0.1);
        assertEquals(0.1, step.lr(29), 1e-15);
        assertEquals(0.01, step.lr(30), 1e-15);
    }

    @Test void clippingScalesTheTotalNorm() {
        Variable a = Variable.parameter(Tensor.of(new double[] {0, 0}, 2)), b = Variable.parameter(Tensor.of(new double[] {0}, 1));
        a.setGrad(Variable.constant(Tensor.of(new double[] {3, 0}, 2)));
        b.setGrad(Variable.constant(Tensor.of(new double[] {4}, 1)));
        assertEquals(5.0, GradClip.clipNorm(List.of(a, b), 1.0).item(), 1e-12);
        assertEquals(0.6, a.grad().data().get(0), 1e-6);
        assertEquals(0.8, b.grad().data().get(0), 1e-6);
    }

    @Test void clippingBelowTheLimitLeavesGradientsAsTheyAre() {
        Variable a = Variable.parameter(Tensor.of(new float[] {0, 0}, 2));
        a.setGrad(Variable.constant(Tensor.of(new float[] {0.3f, -0.4f}, 2)));
        assertEquals(0.5, GradClip.clipNorm(List.of(a), 1.0).item(), 1e-6);
        assertEquals(0.3f, (float) a.grad().data().get(0));
        assertEquals(-0.4f, (float) a.grad().data().get(1));
    }

    @Test void badHyperparametersAreRefused() {
        Variable w = Variable.parameter(Tensor.of(new double[] {1}, 1));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(w), -1, 0.9, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(w), 0.1, 0, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(w), 0.1, 1.0, 0.999, 1e-8, 0));
    }
}

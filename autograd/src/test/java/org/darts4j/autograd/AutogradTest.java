package org.darts4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.darts4j.tensor.ConvParams;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.Recycling;
import org.darts4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

class AutogradTest {
    private static Variable param(double... v) { return Variable.parameter(Tensor.of(v, v.length)); }

    @Test void backwardAccumulatesThroughSharedSubexpressions() {
        Variable x = param(2, 3);
        Variable y = x.mul(x).add(x.mul(3.0)).sum();   // Σ x² + 3x
        y.backward();
        assertArrayEquals(new double[] {7, 9}, x.grad().data().toDoubleArray());
        // backward() frees the graph as it goes (PyTorch without retain_graph): a second call through it is refused
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, y::backward);
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("a second time"), e.getMessage());
        x.mul(x).add(x.mul(3.0)).sum().backward();      // a new graph accumulates into the same leaf
        assertArrayEquals(new double[] {14, 18}, x.grad().data().toDoubleArray());
        x.zeroGrad();
        assertNull(x.grad());
    }

    @Test void noGradAndDetachStopRecording() {
        Variable x = param(1, 2);
        try (var s = GradMode.noGrad()) {
            assertFalse(x.mul(x).requiresGrad());
        }
        assertTrue(x.mul(x).requiresGrad());
        Variable d = x.detach();
        assertFalse(d.requiresGrad());
        Variable y = x.mul(d).sum();
        y.backward();
        assertArrayEquals(new double[] {1, 2}, x.grad().data().toDoubleArray(), "the detached factor is a constant");
    }

    @Test void gradientOfGradient() {
        Variable x = param(1.5, -2);
        Variable y = x.pow(3).sum();
        Variable dy = Autograd.grad(y, List.of(x), true).get(0);          // 3x²
        assertArrayEquals(new double[] {6.75, 12}, dy.data().toDoubleArray(), 1e-12);
        Variable d2 = Autograd.grad(dy.sum(), List.of(x), true).get(0);   // 6x
        assertArrayEquals(new double[] {9, -12}, d2.data().toDoubleArray(), 1e-12);
        Variable d3 = Autograd.grad(d2.sum(), List.of(x), false).get(0);  // 6
        assertArrayEquals(new double[] {6, 6}, d3.data().toDoubleArray(), 1e-12);
        assertNull(x.grad(), "grad() leaves .grad alone");
    }

    @Test void unusedInputGetsZeros() {
        Variable x = param(1, 2), z = param(5);
        List<Variable> g = Autograd.grad(x.sum(), List.of(x, z), false);
        assertArrayEquals(new double[] {0}, g.get(1).data().toDoubleArray());
    }

    @Test void hessianVectorProductOfQuadraticForm() {
        // f = ½ xᵀ A x with A not symmetric: ∇f = ½(A + Aᵀ)x, so H = ½(A + Aᵀ)
        double[] a = {1, 2, 0, -1, 3, 4, 2, 0, 5};
        Variable A = Variable.constant(Tensor.of(a, 3, 3));
        Variable x = Variable.parameter(Tensor.of(new double[] {0.3, -1, 2}, 3, 1));
        Variable f = x.transpose(0, 1).matmul(A).matmul(x).sum().mul(0.5);
        Variable v = Variable.constant(Tensor.of(new double[] {1, 2, -1}, 3, 1));
        double[] hv = Autograd.hessianVectorProduct(f, List.of(x), List.of(v)).get(0).data().toDoubleArray();
        double[] expected = new double[3];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) expected[i] += 0.5 * (a[i * 3 + j] + a[j * 3 + i]) * v.data().get(j, 0);
        assertArrayEquals(expected, hv, 1e-12);
    }

    @Test void hessianVectorProductThroughConvolutionMatchesFiniteDifference() {
        Generator g = new Generator(4);
        Tensor x = Tensor.normal(g, DType.FLOAT64, 0, 1, 2, 3, 6, 6);
        Tensor w0 = Tensor.normal(g, DType.FLOAT64, 0, 0.5, 3, 1, 3, 3);
        Tensor v = Tensor.normal(g, DType.FLOAT64, 0, 1, 3, 1, 3, 3);
        java.util.function.Function<Tensor, Variable> loss = w -> {
            Variable y = Variable.constant(x).conv2d(Variable.parameter(w), ConvParams.of(1, 1, 1, 3));
            return F.batchNorm2d(y, null, null, null, null, true, 0.1, 1e-5).relu().square().mean();
        };
        Variable w = Variable.parameter(w0);
        Variable f = Variable.constant(x).conv2d(w, ConvParams.of(1, 1, 1, 3));
        f = F.batchNorm2d(f, null, null, null, null, true, 0.1, 1e-5).relu().square().mean();
        double[] hv = Autograd.hessianVectorProduct(f, List.of(w), List.of(Variable.constant(v))).get(0).data().toDoubleArray();
        double eps = 1e-5;
        Variable wp = Variable.parameter(w0.add(v.mul(eps))), wm = Variable.parameter(w0.sub(v.mul(eps)));
        double[] gp = Autograd.grad(lossAt(x, wp), List.of(wp), false).get(0).data().toDoubleArray();
        double[] gm = Autograd.grad(lossAt(x, wm), List.of(wm), false).get(0).data().toDoubleArray();
        for (int i = 0; i < hv.length; i++) assertEquals((gp[i] - gm[i]) / (2 * eps), hv[i], 1e-5 * (1 + Math.abs(hv[i])));
        assertTrue(loss.apply(w0).item() > 0);
    }

    private static Variable lossAt(Tensor x, Variable w) {
        Variable y = Variable.constant(x).conv2d(w, ConvParams.of(1, 1, 1, 3));
        return F.batchNorm2d(y, null, null, null, null, true, 0.1, 1e-5).relu().square().mean();
    }

    @Test void gradcheckCatchesAWrongRule() {
        // d/dx sin-like rule deliberately wrong: claims the derivative of x² is x
        GradCheck.Result r = GradCheck.gradcheck(v -> Variable.result("bad_square", v.get(0).data().square(),
                (g, o, n) -> new Variable[] {g.mul(v.get(0))}, v.get(0)), List.of(Tensor.of(new double[] {1, 2}, 2)));
        assertFalse(r.passed());
        // right first derivative, but computed on detached values: its own derivative is wrong
        GradCheck.Result r2 = GradCheck.gradgradcheck(v -> Variable.result("opaque_square", v.get(0).data().square(),
                (g, o, n) -> new Variable[] {g.mul(v.get(0).detach()).mul(2.0)}, v.get(0)), List.of(Tensor.of(new double[] {1, 2}, 2)));
        assertTrue(GradCheck.gradcheck(v -> Variable.result("opaque_square", v.get(0).data().square(),
                (g, o, n) -> new Variable[] {g.mul(v.get(0).detach()).mul(2.0)}, v.get(0)), List.of(Tensor.of(new double[] {1, 2}, 2))).passed());
        assertFalse(r2.passed());
    }

    @Test void batchNormUpdatesRunningStatisticsLikePyTorch() {
        Tensor x = Tensor.normal(new Generator(1), DType.FLOAT64, 2, 3, 4, 2, 3, 3);
        Tensor rm = Tensor.zeros(DType.FLOAT64, 2), rv = Tensor.ones(DType.FLOAT64, 2);
        F.batchNorm2d(Variable.constant(x), null, null, rm, rv, true, 0.1, 1e-5);
        Tensor ch0 = x.slice(1, 0, 1, 1).contiguous();
        double mean = ch0.mean(new int[0], false).item();
        double unbiased = ch0.sub(mean).square().sum().item() / (ch0.numel() - 1);
        assertEquals(0.1 * mean, rm.get(0), 1e-12);
        assertEquals(0.9 + 0.1 * unbiased, rv.get(0), 1e-12);
    }

    @Test void errorsNameTheOperationAndShapes() {
        Variable a = Variable.parameter(Tensor.zeros(DType.FLOAT64, 2, 3)), b = Variable.parameter(Tensor.zeros(DType.FLOAT64, 4, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> F.linear(a, b.transpose(0, 1), null));
        assertTrue(e.getMessage().startsWith("linear") && e.getMessage().contains("[2, 3]") && e.getMessage().contains("[3, 4]"), e.getMessage());
        IllegalArgumentException ce = assertThrows(IllegalArgumentException.class, () -> F.crossEntropy(a, new int[] {0, 7}));
        assertTrue(ce.getMessage().contains("target 7"), ce.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Variable.cat(List.of(a, Variable.parameter(Tensor.zeros(DType.FLOAT64, 2, 3, 1))), 0));
        assertThrows(IllegalArgumentException.class, () -> a.mul(b).sum().backward());
    }

    @Test void float32GraphsWork() {
        Variable x = Variable.parameter(Tensor.of(new float[] {1, -2, 3}, 3));
        F.softmax(x.reshape(1, 3), 1).max(1, false).sum().backward();
        assertEquals(DType.FLOAT32, x.grad().dtype());
        assertEquals(0.0, x.grad().data().sum().item(), 1e-6, "softmax gradients sum to zero");
    }
    // ---------------------------------------------------------------- recycled gradient memory

    private static final int BIG = 1 << 15;   // elements: large enough for the CPU's pool of recycled arrays

    /**
     * A graph whose backward pass passes gradients on as views (reshape, expand, slice), shares one gradient between two
     * inputs (add) and accumulates where a value feeds several operations: the gradients with recycling (createGraph
     * false) equal those without (createGraph true records them instead), and the pass did recycle.
     */
    @Test void recycledGradientsEqualThoseOfAPassThatRecyclesNothing() {
        Generator gen = new Generator(3);
        Variable x = Variable.parameter(Tensor.uniform(gen, DType.FLOAT64, -1, 1, 4, BIG / 4));
        Variable w = Variable.parameter(Tensor.uniform(gen, DType.FLOAT64, -1, 1, 1, BIG / 4));
        java.util.function.Supplier<Variable> loss = () -> {
            Variable h = x.mul(w).relu();                       // w broadcast: its gradient is a reduction
            Variable r = h.reshape(BIG).mul(2.0).reshape(4, BIG / 4);
            Variable s = r.add(h).add(x);                       // add passes one gradient to both inputs
            Variable top = s.slice(0, 0, 2, 1), all = Variable.cat(List.of(top, s), 0);
            return all.mul(all).sum();
        };
        var cpu = org.darts4j.tensor.cpu.CpuBackend.get();
        long before = cpu.recycledAllocations();
        List<Variable> plain = Autograd.grad(loss.get(), List.of(x, w), false);
        List<Variable> recorded = Autograd.grad(loss.get(), List.of(x, w), true);
        assertTrue(cpu.recycledAllocations() > before, "the backward pass reused recycled arrays");
        for (int i = 0; i < 2; i++)
            assertArrayEquals(recorded.get(i).data().toDoubleArray(), plain.get(i).data().toDoubleArray(), 0.0);
        // backward() into the leaves: the same values
        loss.get().backward();
        assertArrayEquals(recorded.get(0).data().toDoubleArray(), x.grad().data().toDoubleArray(), 0.0);
        assertArrayEquals(recorded.get(1).data().toDoubleArray(), w.grad().data().toDoubleArray(), 0.0);
    }

    /** A returned gradient that other gradients were views of stays intact after the pass, whatever is allocated next. */
    @Test void aReturnedGradientIsNeverRecycled() {
        Generator gen = new Generator(4);
        Variable x = Variable.parameter(Tensor.uniform(gen, DType.FLOAT64, -1, 1, BIG));
        Variable c = Variable.constant(Tensor.uniform(gen, DType.FLOAT64, -1, 1, BIG));
        Variable h = x.mul(2.0);                                // a non-leaf target
        Variable loss = h.reshape(2, BIG / 2).reshape(BIG).mul(c).sum();
        List<Variable> g = Autograd.grad(loss, List.of(h, x), false);
        double[] expectH = c.data().toDoubleArray(), expectX = c.data().mul(2.0).toDoubleArray();
        for (int i = 0; i < 4; i++) Tensor.zeros(DType.FLOAT64, BIG).add(99.0);   // would reuse anything wrongly recycled
        assertArrayEquals(expectH, g.get(0).data().toDoubleArray(), 0.0);
        assertArrayEquals(expectX, g.get(1).data().toDoubleArray(), 0.0);
    }
    /**
     * Inside a training step's scope, backward() hands the graph's large values back as it consumes them: the
     * gradients are those of a pass that recycles nothing, bit for bit, through views of values that later operations
     * read (reshape, slice, cat) and values read by several operations; the pass reuses more arrays than one outside the
     * scope; a kept value, the leaves (and a view of one, also of a leaf the step allocated) and a small value stay
     * readable; an intermediate value that was handed back fails when read instead of reading another tensor.
     */
    @Test void aStepScopeRecyclesTheGraphsValuesAndKeepsWhatItMust() {
        Generator gen = new Generator(5);
        Variable x = Variable.parameter(Tensor.uniform(gen, DType.FLOAT64, -1, 1, 4, BIG / 4));
        Variable w = Variable.parameter(Tensor.uniform(gen, DType.FLOAT64, -1, 1, 1, BIG / 4));
        Variable[] kept = new Variable[3];
        java.util.function.Supplier<Variable> loss = () -> {
            Variable xv = x.reshape(BIG).reshape(4, BIG / 4);      // a view of a leaf
            Variable h = xv.mul(w).relu();
            Variable r = h.reshape(BIG).mul(2.0).reshape(4, BIG / 4);
            Variable s = r.add(h).add(x).exp();                   // h read by two operations
            Variable top = s.slice(0, 0, 2, 1), all = Variable.cat(List.of(top, s), 0);
            kept[0] = all.mul(all);
            kept[1] = h;
            kept[2] = s.slice(1, 0, 8, 1).sum(1, false);          // small
            return kept[0].sum().add(kept[2].sum());
        };
        loss.get().backward();
        double[] gx = x.grad().data().toDoubleArray(), gw = w.grad().data().toDoubleArray();
        x.zeroGrad();
        w.zeroGrad();
        var cpu = org.darts4j.tensor.cpu.CpuBackend.get();
        long outside = 0;
        for (int i = 0; i < 2; i++) {   // the second time with the pool as the first left it
            long before = cpu.recycledAllocations();
            loss.get().backward();
            outside = cpu.recycledAllocations() - before;
            x.zeroGrad();
            w.zeroGrad();
        }
        Variable kept0;
        double[] keptValues;
        try (Recycling step = Recycling.openStep()) {
            long before = cpu.recycledAllocations();
            Variable l = loss.get();
            kept0 = kept[0];
            keptValues = kept0.data().toDoubleArray();
            step.keep(kept0.data());
            l.backward();
            assertTrue(cpu.recycledAllocations() - before > outside, "the values' arrays are reused too");
        }
        assertArrayEquals(gx, x.grad().data().toDoubleArray(), 0.0);
        assertArrayEquals(gw, w.grad().data().toDoubleArray(), 0.0);
        for (int i = 0; i < 4; i++) Tensor.zeros(DType.FLOAT64, BIG).add(99.0);   // would reuse anything wrongly recycled
        assertArrayEquals(keptValues, kept0.data().toDoubleArray(), 0.0);
        assertEquals(4 * BIG / 4, x.data().numel());
        assertEquals(x.data().sum().item(), x.data().reshape(BIG).sum().item(), 0.0);
        assertEquals(4, kept[2].data().toDoubleArray().length);
        assertThrows(RuntimeException.class, () -> kept[1].data().toDoubleArray(), "h was handed back");
        // a leaf the step itself allocated, read through a view by the graph, stays
        Variable p;
        double[] pValues;
        try (Recycling step = Recycling.openStep()) {
            p = Variable.parameter(Tensor.uniform(gen, DType.FLOAT64, -1, 1, BIG).mul(1.0));   // allocated by the backend, in the scope
            pValues = p.data().toDoubleArray();
            p.reshape(2, BIG / 2).mul(x.reshape(2, BIG / 2)).sum().backward();
        }
        for (int i = 0; i < 4; i++) Tensor.zeros(DType.FLOAT64, BIG).add(99.0);
        assertArrayEquals(pValues, p.data().toDoubleArray(), 0.0);
    }

    /**
     * Variable.drop inside a step scope: a value no backward rule reads goes back at once (the next allocation of its
     * size reuses it, reading it fails, so does an operation on it); a value a rule reads (an operation's input that
     * it keeps, ReLU's output) stays until backward; a view, a detached copy or a leaf over the storage keeps it; the
     * gradients are the bits of the same graph without scope and drops; outside a step scope drop changes nothing.
     */
    @Test void aDroppedValueGoesBackAtOnceUnlessARuleOrAnotherVariableStillReadsIt() {
        Generator gen = new Generator(8);
        Variable x = Variable.parameter(Tensor.uniform(gen, DType.FLOAT64, -1, 1, BIG));
        Variable w = Variable.parameter(Tensor.uniform(gen, DType.FLOAT64, -1, 1, BIG));
        java.util.function.Function<Boolean, Variable> loss = drop -> {
            Variable y = x.mul(w), z = y.add(0.25), r = z.relu(), v = z.reshape(2, BIG / 2), d = z.detach();
            Variable l = r.sum().add(v.sum(1, false).sum()).add(Variable.constant(d.data().sum()));
            if (drop) for (Variable u : List.of(y, z, r, v, d)) u.drop();
            return l;
        };
        loss.apply(false).backward();
        double[] gx = x.grad().data().toDoubleArray(), gw = w.grad().data().toDoubleArray();
        x.zeroGrad();
        w.zeroGrad();
        var cpu = org.darts4j.tensor.cpu.CpuBackend.get();
        try (Recycling step = Recycling.openStep()) {
            Variable y = x.mul(w), z = y.add(0.25), r = z.relu(), v = z.reshape(2, BIG / 2), d = z.detach();
            double[] zValues = z.data().toDoubleArray();
            z.drop();
            assertArrayEquals(zValues, v.data().reshape(BIG).toDoubleArray(), 0.0, "a view keeps the storage");
            v.drop();
            assertArrayEquals(zValues, d.data().toDoubleArray(), 0.0, "so does a detached copy");
            d.drop();
            assertThrows(RuntimeException.class, () -> z.data().toDoubleArray(), "z went back when the last variable over it was dropped");
            long before = cpu.recycledAllocations();
            Tensor.zeros(DType.FLOAT64, BIG);
            assertEquals(before + 1, cpu.recycledAllocations(), "the next tensor of its size reuses z's array");
            assertThrows(RuntimeException.class, () -> z.mul(2.0), "an operation on a handed-back value fails");
            double[] yValues = y.data().toDoubleArray(), rValues = r.data().toDoubleArray();
            y.drop();
            r.drop();
            for (int i = 0; i < 4; i++) Tensor.zeros(DType.FLOAT64, BIG).add(99.0);
            assertArrayEquals(yValues, y.data().toDoubleArray(), 0.0, "mul's rule reads its inputs: y stays");
            assertArrayEquals(rValues, r.data().toDoubleArray(), 0.0, "ReLU's rule reads its output: r stays");
            assertThrows(IllegalStateException.class, () -> y.mul(2.0), "an operation on a dropped variable fails, even one whose value stayed");
            Variable p = Variable.parameter(Tensor.uniform(gen, DType.FLOAT64, -1, 1, BIG).mul(1.0));   // a leaf the step allocated
            double[] pValues = p.data().toDoubleArray();
            p.reshape(2, BIG / 2).drop();
            for (int i = 0; i < 4; i++) Tensor.zeros(DType.FLOAT64, BIG).add(99.0);
            assertArrayEquals(pValues, p.data().toDoubleArray(), 0.0, "a leaf keeps its storage when its view is dropped");
        }
        try (Recycling step = Recycling.openStep()) {
            loss.apply(true).backward();
        }
        assertArrayEquals(gx, x.grad().data().toDoubleArray(), 0.0);
        assertArrayEquals(gw, w.grad().data().toDoubleArray(), 0.0);
        Variable z = x.add(1.0);
        double[] zValues = z.data().toDoubleArray();
        z.drop();
        for (int i = 0; i < 4; i++) Tensor.zeros(DType.FLOAT64, BIG).add(99.0);
        assertArrayEquals(zValues, z.data().toDoubleArray(), 0.0, "outside a step scope drop changes nothing");
    }
}

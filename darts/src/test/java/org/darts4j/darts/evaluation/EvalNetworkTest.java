package org.darts4j.darts.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.darts4j.autograd.GradCheck;
import org.darts4j.autograd.Variable;
import org.darts4j.darts.genotype.Genotype;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

class EvalNetworkTest {
    /** The reference's train.py logs "param size = 3.349342MB" for DARTS_V2, C = 36, 20 cells, CIFAR-10 (auxiliary left out). */
    @Test void dartsV2OnCifarHasTheReferencesParameterCount() {
        EvalNetwork n = new EvalNetwork(Genotype.DARTS_V2, new EvalNetwork.Config(3, 32, 32, 10, 36, 20, true), new Generator(0), DType.FLOAT32);
        assertEquals(3_349_342, n.inferenceParameterCount());
        // AuxiliaryHeadCIFAR on 576 channels: 576·128 + 256 + 128·768·4 + 1536 + 768·10 + 10
        assertEquals(476_426, n.parameterCount() - n.inferenceParameterCount());
    }

    @Test void anyImageSizeAndRegressionWithTheAuxiliaryHeadInTrainingOnly() {
        Generator g = new Generator(1);
        EvalNetwork fmnist = new EvalNetwork(Genotype.DARTS_V1, new EvalNetwork.Config(1, 28, 28, 10, 4, 5, true), g, DType.FLOAT32);
        Variable x = Variable.constant(Tensor.normal(g, DType.FLOAT32, 0, 1, 3, 1, 28, 28));
        EvalNetwork.Outputs o = fmnist.forwardWithAuxiliary(x);
        assertArrayEquals(new int[] {3, 10}, o.logits().shape().dims());
        assertArrayEquals(new int[] {3, 10}, o.auxiliary().shape().dims());
        fmnist.eval();
        assertNull(fmnist.forwardWithAuxiliary(x).auxiliary());

        EvalNetwork kirigami = new EvalNetwork(Genotype.DARTS_V2, new EvalNetwork.Config(1, 32, 80, 2, 4, 4, true), g, DType.FLOAT32);
        EvalNetwork.Outputs r = kirigami.forwardWithAuxiliary(Variable.constant(Tensor.normal(g, DType.FLOAT32, 0, 1, 2, 1, 32, 80)));
        assertArrayEquals(new int[] {2, 2}, r.logits().shape().dims());
        assertArrayEquals(new int[] {2, 2}, r.auxiliary().shape().dims());
    }

    @Test void sizesThatCannotPassTheReductionsAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> new EvalNetwork.Config(1, 30, 30, 10, 4, 8, true));
        assertTrue(e.getMessage().contains("divisible by 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EvalNetwork.Config(1, 32, 32, 10, 5, 8, true));
    }

    /** Gradient of the whole network (training mode: batch statistics, auxiliary head, drop path with a fixed draw) in float64. */
    @Test void gradientCheckThroughEveryOperationInFloat64() {
        Genotype all = Genotype.parse("Genotype(normal=[('sep_conv_3x3', 0), ('dil_conv_3x3', 1), ('sep_conv_5x5', 0), ('skip_connect', 2), "
                + "('dil_conv_5x5', 1), ('avg_pool_3x3', 3), ('max_pool_3x3', 0), ('none', 4)], normal_concat=[2, 3, 4, 5], "
                + "reduce=[('max_pool_3x3', 0), ('skip_connect', 1), ('sep_conv_3x3', 2), ('avg_pool_3x3', 0), ('dil_conv_3x3', 1), ('skip_connect', 3), "
                + "('sep_conv_5x5', 4), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])");
        EvalNetwork n = new EvalNetwork(all, new EvalNetwork.Config(1, 8, 8, 3, 2, 3, true), new Generator(2), DType.FLOAT64);
        Tensor x = Tensor.normal(new Generator(3), DType.FLOAT64, 0, 1, 2, 1, 8, 8);
        GradCheck.Result r = GradCheck.check(v -> {
            n.setDropPath(0.3, new Generator(5));
            EvalNetwork.Outputs o = n.forwardWithAuxiliary(v.get(0));
            return List.of(o.logits(), o.auxiliary());
        }, List.of(x), GradCheck.EPS, GradCheck.ATOL, GradCheck.RTOL, 7);
        assertTrue(r.passed(), r.message());
    }

    /** The auxiliary head's pooling on a kirigami-sized map: rectangular strides, windows not covering every pixel. */
    @Test void rectangularAveragePoolingGradientInFloat64() {
        Tensor x = Tensor.normal(new Generator(6), DType.FLOAT64, 0, 1, 1, 2, 8, 20);
        org.darts4j.tensor.PoolParams p = new org.darts4j.tensor.PoolParams(5, 5, 3, 15, 0, 0, false);
        GradCheck.Result r = GradCheck.gradcheck(v -> v.get(0).avgPool2d(p), List.of(x));
        assertTrue(r.passed(), r.message());
        assertTrue(GradCheck.gradgradcheck(v -> v.get(0).avgPool2d(p), List.of(x)).passed());
    }

    @Test void dropPathZeroesWholeExamplesAndKeepsTheExpectation() {
        Tensor ones = Tensor.ones(DType.FLOAT64, 4000, 2, 2, 2);
        double[] y = DropPath.apply(Variable.constant(ones), 0.25, new Generator(9)).data().toDoubleArray();
        int kept = 0;
        for (int i = 0; i < 4000; i++) {
            for (int k = 1; k < 8; k++) assertEquals(y[i * 8], y[i * 8 + k], 0.0);
            if (y[i * 8] != 0) { kept++; assertEquals(1 / 0.75, y[i * 8], 1e-12); }
        }
        assertEquals(0.75, kept / 4000.0, 0.03);
        assertEquals(1.0, kept / 4000.0 / 0.75, 0.04);
        Tensor same = DropPath.apply(Variable.constant(ones), 0, new Generator(9)).data();
        assertArrayEquals(ones.toDoubleArray(), same.toDoubleArray(), 0.0);
    }

    @Test void dropPathActsInTrainingOnly() {
        Generator g = new Generator(4);
        EvalNetwork n = new EvalNetwork(Genotype.DARTS_V2, new EvalNetwork.Config(1, 8, 8, 2, 2, 3, false), g, DType.FLOAT64);
        Variable x = Variable.constant(Tensor.normal(g, DType.FLOAT64, 0, 1, 4, 1, 8, 8));
        n.eval();
        n.setDropPath(0.0, new Generator(1));
        double[] plain = n.forward(x).data().toDoubleArray();
        n.setDropPath(0.5, new Generator(1));
        assertArrayEquals(plain, n.forward(x).data().toDoubleArray(), 0.0);
        n.train();
        n.setDropPath(0.0, new Generator(1));
        double[] trainPlain = n.forward(x).data().toDoubleArray();
        n.setDropPath(0.5, new Generator(1));
        assertNotEquals(trainPlain[0], n.forward(x).data().toDoubleArray()[0]);
    }

    /**
     * A training step inside a step scope (as Trainer runs it): the network drops what it computes and does not return
     * (Variable.drop), so storages go back during the forward pass already, one or more per cell, and the gradients
     * are the bits of the same step without a scope.
     */
    @Test void aTrainingStepHandsValuesBackDuringTheForwardPassWithTheSameGradients() {
        EvalNetwork n = new EvalNetwork(Genotype.DARTS_V2, new EvalNetwork.Config(1, 16, 16, 10, 8, 3, false), new Generator(4), DType.FLOAT32);
        Variable x = Variable.constant(Tensor.normal(new Generator(5), DType.FLOAT32, 0, 1, 16, 1, 16, 16));
        int[] y = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5};
        org.darts4j.autograd.F.crossEntropy(n.forward(x), y).backward();
        List<double[]> plain = n.parameters().stream().map(p -> p.grad().data().toDoubleArray()).toList();
        n.parameters().forEach(Variable::zeroGrad);
        try (org.darts4j.tensor.Recycling step = org.darts4j.tensor.Recycling.openStep()) {
            Variable loss = org.darts4j.autograd.F.crossEntropy(n.forward(x), y);
            assertTrue(step.handedBack() >= 3, "values handed back during the forward pass: " + step.handedBack());
            loss.backward();
        }
        List<Variable> ps = n.parameters();
        for (int i = 0; i < ps.size(); i++) assertArrayEquals(plain.get(i), ps.get(i).grad().data().toDoubleArray(), 0.0, "parameter " + i);
    }
}

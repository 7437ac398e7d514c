package org.darts4j.autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.darts4j.tensor.ConvParams;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.PoolParams;
import org.darts4j.tensor.Shape;
import org.darts4j.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every differentiable operation, first order (gradcheck) and second order (gradgradcheck), in float64 on random
 * inputs of randomly drawn small shapes, including the convolution geometries of the DARTS search space.
 */
class OpGradientTest {
    private static final Generator SHAPES = new Generator(2024);

    private record Case(String name, Function<List<Variable>, Variable> f, List<Tensor> inputs) {}

    private static Tensor randn(int... shape) { return Tensor.normal(new Generator(shape.length * 31L + Shape.of(shape).numel()), DType.FLOAT64, 0, 1, shape); }

    private static Tensor positive(int... shape) { return randn(shape).abs().add(0.5); }

    private static int draw(int lo, int hi) { return lo + SHAPES.nextInt(hi - lo + 1); }

    private static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        int n = draw(2, 3), m = draw(2, 4), k = draw(2, 4);
        c.add(new Case("add (broadcast)", v -> v.get(0).add(v.get(1)), List.of(randn(n, m), randn(m))));
        c.add(new Case("sub (broadcast)", v -> v.get(0).sub(v.get(1)), List.of(randn(n, 1, k), randn(m, 1))));
        c.add(new Case("mul (broadcast)", v -> v.get(0).mul(v.get(1)), List.of(randn(n, m, k), randn(1, m, 1))));
        c.add(new Case("div (broadcast)", v -> v.get(0).div(v.get(1)), List.of(randn(n, m), positive(n, 1))));
        c.add(new Case("scalar ops", v -> v.get(0).mul(3.0).add(1.5).div(2.0).sub(0.25).rsub(1.0), List.of(randn(n, m))));
        c.add(new Case("neg", v -> v.get(0).neg(), List.of(randn(n, m))));
        c.add(new Case("exp", v -> v.get(0).exp(), List.of(randn(n, m))));
        c.add(new Case("log", v -> v.get(0).log(), List.of(positive(n, m))));
        c.add(new Case("sqrt", v -> v.get(0).sqrt(), List.of(positive(n, m))));
        c.add(new Case("pow 3", v -> v.get(0).pow(3), List.of(randn(n, m))));
        c.add(new Case("pow -0.5", v -> v.get(0).pow(-0.5), List.of(positive(n, m))));
        c.add(new Case("relu", v -> v.get(0).relu(), List.of(randn(n, m, k))));
        c.add(new Case("sum over dims", v -> v.get(0).sum(new int[] {0, 2}, false), List.of(randn(n, m, k))));
        c.add(new Case("sum keepdim", v -> v.get(0).sum(new int[] {1}, true).mul(v.get(0)), List.of(randn(n, m, k))));
        c.add(new Case("mean", v -> v.get(0).mean(new int[] {-1}, false), List.of(randn(n, m, k))));
        c.add(new Case("max over dim", v -> v.get(0).max(1, false), List.of(randn(n, m, k))));
        c.add(new Case("reshape", v -> v.get(0).reshape(-1).mul(v.get(0).reshape(-1)), List.of(randn(n, m, k))));
        c.add(new Case("permute", v -> v.get(0).permute(2, 0, 1).mul(v.get(1)), List.of(randn(n, m, k), randn(k, n, m))));
        c.add(new Case("slice with step", v -> v.get(0).slice(2, 1, 7, 2).square(), List.of(randn(n, m, 7))));
        c.add(new Case("pad2d", v -> v.get(0).pad2d(1, 0, 2, 1).square(), List.of(randn(n, m, 3, 4))));
        c.add(new Case("cat", v -> Variable.cat(List.of(v.get(0), v.get(1)), 1).square(), List.of(randn(n, 2, 3), randn(n, 3, 3))));
        c.add(new Case("expand", v -> v.get(0).expand(Shape.of(n, m, k)).square(), List.of(randn(m, 1))));
        c.add(new Case("matmul", v -> v.get(0).matmul(v.get(1)), List.of(randn(n, k), randn(k, m))));
        c.add(new Case("linear", v -> F.linear(v.get(0), v.get(1), v.get(2)), List.of(randn(n, k), randn(m, k), randn(m))));
        c.add(new Case("softmax", v -> F.softmax(v.get(0), -1), List.of(randn(n, m))));
        c.add(new Case("log_softmax", v -> F.logSoftmax(v.get(0), 1), List.of(randn(n, m))));
        int[] target = new int[n];
        for (int i = 0; i < n; i++) target[i] = i % m;
        c.add(new Case("cross_entropy", v -> F.crossEntropy(v.get(0), target), List.of(randn(n, m))));
        c.add(new Case("mse_loss", v -> F.mseLoss(v.get(0), v.get(1)), List.of(randn(n, m), randn(n, m))));
        c.add(new Case("dropout", v -> F.dropout(v.get(0), 0.4, true, new Generator(9)), List.of(randn(n, m))));
        int ch = draw(2, 3), h = draw(5, 6), w = draw(5, 7);
        c.add(new Case("conv2d 3x3 with bias", v -> F.conv2d(v.get(0), v.get(1), v.get(2), ConvParams.of(1, 1, 1, 1)),
                List.of(randn(2, ch, h, w), randn(2, ch, 3, 3), randn(2))));
        c.add(new Case("conv2d depthwise 3x3", v -> v.get(0).conv2d(v.get(1), ConvParams.of(1, 1, 1, ch)), List.of(randn(2, ch, h, w), randn(ch, 1, 3, 3))));
        c.add(new Case("conv2d depthwise 5x5", v -> v.get(0).conv2d(v.get(1), ConvParams.of(1, 2, 1, ch)), List.of(randn(2, ch, h, w), randn(ch, 1, 5, 5))));
        c.add(new Case("conv2d dilated 3x3", v -> v.get(0).conv2d(v.get(1), ConvParams.of(1, 2, 2, ch)), List.of(randn(2, ch, h, w), randn(ch, 1, 3, 3))));
        c.add(new Case("conv2d dilated 5x5 stride 2", v -> v.get(0).conv2d(v.get(1), ConvParams.of(2, 4, 2, ch)), List.of(randn(2, ch, h, w), randn(ch, 1, 5, 5))));
        c.add(new Case("conv2d 1x1", v -> v.get(0).conv2d(v.get(1), ConvParams.of(1, 0, 1, 1)), List.of(randn(2, ch, h, w), randn(3, ch, 1, 1))));
        c.add(new Case("conv2d 1x1 stride 2", v -> v.get(0).conv2d(v.get(1), ConvParams.of(2, 0, 1, 1)), List.of(randn(2, ch, h, w), randn(3, ch, 1, 1))));
        c.add(new Case("conv2d 3x3 stride 2 groups 2", v -> v.get(0).conv2d(v.get(1), ConvParams.of(2, 1, 1, 2)), List.of(randn(2, 4, h, w), randn(4, 2, 3, 3))));
        c.add(new Case("max_pool2d 3x3 pad 1", v -> v.get(0).maxPool2d(PoolParams.of(3, 1, 1, true)), List.of(randn(2, ch, h, w))));
        c.add(new Case("max_pool2d 3x3 stride 2", v -> v.get(0).maxPool2d(PoolParams.of(3, 2, 1, true)), List.of(randn(2, ch, h, w))));
        c.add(new Case("avg_pool2d count_include_pad=false", v -> v.get(0).avgPool2d(PoolParams.of(3, 1, 1, false)), List.of(randn(2, ch, h, w))));
        c.add(new Case("avg_pool2d stride 2 count_include_pad=true", v -> v.get(0).avgPool2d(PoolParams.of(3, 2, 1, true)), List.of(randn(2, ch, h, w))));
        c.add(new Case("global_avg_pool2d", v -> F.globalAvgPool2d(v.get(0)), List.of(randn(2, ch, h, w))));
        c.add(new Case("batch_norm2d training affine", v -> F.batchNorm2d(v.get(0), v.get(1), v.get(2), null, null, true, 0.1, 1e-5),
                List.of(randn(3, ch, 3, 4), positive(ch), randn(ch))));
        c.add(new Case("batch_norm2d training plain", v -> F.batchNorm2d(v.get(0), null, null, null, null, true, 0.1, 1e-5),
                List.of(randn(3, ch, 3, 4))));
        c.add(new Case("weighted_sum (a mixed operation, one term absent)",
                v -> F.weightedSum(java.util.Arrays.asList(v.get(0), null, v.get(1)), v.get(2)), List.of(randn(2, ch, h, w), randn(2, ch, h, w), randn(3))));
        c.add(new Case("batch_norm2d training, weight only", v -> F.batchNorm2d(v.get(0), v.get(1), null, null, null, true, 0.1, 1e-5),
                List.of(randn(3, ch, 3, 4), positive(ch))));
        c.add(new Case("batch_norm2d eval", v -> F.batchNorm2d(v.get(0), v.get(1), v.get(2), randn(ch), positive(ch), false, 0.1, 1e-5),
                List.of(randn(2, ch, 3, 3), positive(ch), randn(ch))));
        return c;
    }

    /** Non-linear in the output, so that second derivatives of linear operations are exercised too. */
    private static Function<List<Variable>, Variable> squared(Function<List<Variable>, Variable> f) {
        return v -> { Variable y = f.apply(v); return y.mul(y); };
    }

    @TestFactory Stream<DynamicTest> firstOrder() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name, () -> {
            GradCheck.Result r = GradCheck.gradcheck(c.f, c.inputs);
            assertTrue(r.passed(), c.name + ": " + r.message());
        }));
    }

    @TestFactory Stream<DynamicTest> secondOrder() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name, () -> {
            GradCheck.Result r = GradCheck.gradgradcheck(squared(c.f), c.inputs);
            assertTrue(r.passed(), c.name + ": " + r.message());
        }));
    }
}

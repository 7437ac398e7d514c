package org.darts4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.darts4j.autograd.Variable;
import org.darts4j.nn.checkpoint.StateDictIO;
import org.darts4j.nn.layers.BatchNorm2d;
import org.darts4j.nn.layers.Conv2d;
import org.darts4j.nn.layers.Layers;
import org.darts4j.nn.layers.Linear;
import org.darts4j.nn.layers.Sequential;
import org.darts4j.nn.metrics.Metrics;
import org.darts4j.nn.resnet.ResNet;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.Shape;
import org.darts4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleTest {
    @TempDir Path dir;

    @Test void stateDictNamesFollowPyTorch() {
        Sequential stem = new Sequential(new Conv2d(3, 8, 3, 1, 1, 1, 1, false, new Generator(0), DType.FLOAT32),
                new BatchNorm2d(8, true, DType.FLOAT32), Layers.relu());
        assertEquals(List.of("0.weight", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked"),
                List.copyOf(stem.stateDict().keySet()));
        assertEquals(List.of("0.weight", "1.weight", "1.bias"), List.copyOf(stem.namedParameters().keySet()));
    }

    @Test void resnetParameterCountsAndNamesAreThePublishedOnes() {
        ResNet r20 = ResNet.cifar(20, 3, 10, new Generator(0), DType.FLOAT32);
        assertEquals(269_722, r20.parameterCount(), "ResNet-20 for CIFAR-10 has 0.27M parameters");
        Map<String, Tensor> sd = r20.stateDict();
        assertTrue(sd.containsKey("conv1.weight") && sd.containsKey("layer3.2.bn2.running_var") && sd.containsKey("linear.weight"));
        assertEquals(Shape.of(64, 32, 3, 3), sd.get("layer3.0.conv1.weight").shape());
        assertEquals(464_154, ResNet.cifar(32, 3, 10, new Generator(0), DType.FLOAT32).parameterCount());
        assertEquals(853_018, ResNet.cifar(56, 3, 10, new Generator(0), DType.FLOAT32).parameterCount());
        ResNet r18 = ResNet.resnet18(3, 10, new Generator(0), DType.FLOAT32);
        assertEquals(11_173_962, r18.parameterCount(), "ResNet-18 for CIFAR-10 (3x3 stem) has 11.17M parameters");
        assertTrue(r18.stateDict().containsKey("layer2.0.downsample.0.weight") && r18.stateDict().containsKey("fc.bias"));
        int[] blocks = {2, 2, 2};
        ResNet s = ResNet.small(blocks, 12, 1, 1, new Generator(0), DType.FLOAT32);
        assertEquals(ResNet.smallParameterCount(blocks, 12, 1, 1), s.parameterCount());
        int w = ResNet.paramsLike(269_722, blocks, 3, 10);
        long got = ResNet.smallParameterCount(blocks, w, 3, 10);
        assertTrue(Math.abs(got - 269_722) <= 0.1 * 269_722, w + " gives " + got);
        assertThrows(IllegalArgumentException.class, () -> ResNet.paramsLike(50, blocks, 3, 10));
        assertThrows(IllegalArgumentException.class, () -> ResNet.cifar(21, 3, 10, new Generator(0), DType.FLOAT32));
    }

    @Test void resnetRunsOnNonSquareSingleChannelImages() {
        ResNet r = ResNet.cifar(20, 1, 2, new Generator(1), DType.FLOAT32);
        Variable y = r.forward(Variable.constant(Tensor.normal(new Generator(2), DType.FLOAT32, 0, 1, 2, 1, 32, 80)));
        assertEquals(Shape.of(2, 2), y.shape());
        y.sum().backward();
        assertTrue(r.namedParameters().get("conv1.weight").grad() != null);
    }

    @Test void defaultInitialisationBounds() {
        Linear l = new Linear(100, 10, true, new Generator(3), DType.FLOAT64);
        double[] w = l.stateDict().get("weight").toDoubleArray();
        double max = 0;
        for (double v : w) max = Math.max(max, Math.abs(v));
        assertTrue(max <= 0.1 && max > 0.09, "uniform in ±1/√fan_in = ±0.1, max " + max);
    }

    @Test void stateDictRoundTripThroughNpzAndStrictErrors() throws Exception {
        ResNet a = ResNet.cifar(20, 1, 10, new Generator(0), DType.FLOAT32), b = ResNet.cifar(20, 1, 10, new Generator(9), DType.FLOAT32);
        a.forward(Variable.constant(Tensor.normal(new Generator(1), DType.FLOAT32, 0, 1, 4, 1, 8, 8)));   // moves running statistics
        Path f = dir.resolve("sd.npz");
        StateDictIO.export(a, f);
        StateDictIO.load(b, f, true);
        for (Map.Entry<String, Tensor> e : a.stateDict().entrySet())
            assertArrayEquals(e.getValue().toDoubleArray(), b.stateDict().get(e.getKey()).toDoubleArray(), 0, e.getKey());
        ResNet c = ResNet.cifar(32, 1, 10, new Generator(0), DType.FLOAT32);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> StateDictIO.load(c, f, true));
        assertTrue(ex.getMessage().contains("lacks"), ex.getMessage());
        ResNet wrong = ResNet.cifar(20, 3, 10, new Generator(0), DType.FLOAT32);
        IllegalArgumentException ex2 = assertThrows(IllegalArgumentException.class, () -> StateDictIO.load(wrong, f, true));
        assertTrue(ex2.getMessage().contains("conv1.weight") && ex2.getMessage().contains("[16, 1, 3, 3]"), ex2.getMessage());
    }

    @Test void metrics() {
        Tensor logits = Tensor.of(new double[] {0.1, 0.9, 0.0, 0.5, 0.2, 0.3}, 2, 3);
        assertEquals(0.5, Metrics.accuracy(logits, new int[] {1, 2}));
        assertEquals(1.0, Metrics.topK(logits, new int[] {1, 2}, 2));
        Metrics.Regression r = new Metrics.Regression();
        r.add(Tensor.of(new double[] {1, 2, 3}, 3, 1), Tensor.of(new double[] {1, 2, 4}, 3, 1));
        assertEquals(1 - 1 / (42.0 / 9), r.r2(), 1e-12);   // SS_res = 1, SS_tot = Σ(t − 7/3)² = 42/9
        assertEquals(1.0 / 3, r.mae(), 1e-12);
        assertEquals(Math.sqrt(1.0 / 3), r.rmse(), 1e-12);
    }
}

package org.darts4j.darts.train;

import java.util.Locale;

import org.darts4j.darts.evaluation.EvalNetwork;
import org.darts4j.darts.genotype.Genotype;
import org.darts4j.datasets.Dataset;
import org.darts4j.nn.Module;
import org.darts4j.nn.resnet.ResNet;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;

/** Builds the neural models of {@link Model} for a data set's input channels and outputs. */
final class Models {
    private Models() {}

    static Module build(RunConfig c, Dataset train, Generator g, DType dtype, java.util.function.Consumer<String> warn) {
        int in = train.imageShape().dim(0), out = train.task().outputs();
        if (c.model() instanceof Model.ResNet r) return switch (r.variant()) {
            case "resnet20" -> ResNet.cifar(20, in, out, g, dtype);
            case "resnet32" -> ResNet.cifar(32, in, out, g, dtype);
            case "resnet56" -> ResNet.cifar(56, in, out, g, dtype);
            case "resnet18" -> ResNet.resnet18(in, out, g, dtype);
            default -> small(r, in, out, g, dtype, warn);
        };
        if (c.model() instanceof Model.DartsNetwork d)
            return new EvalNetwork(Genotype.parse(d.genotype()), new EvalNetwork.Config(in, train.imageShape().dim(1), train.imageShape().dim(2), out,
                    d.channels(), d.layers(), d.auxiliaryWeight() > 0), g, dtype);
        throw new IllegalArgumentException("'" + c.model().label() + "' is not a neural network");
    }

    /** A small ResNet of the given blocks, its width chosen for a parameter count when {@code paramsLike} is set. */
    private static Module small(Model.ResNet r, int in, int out, Generator g, DType dtype, java.util.function.Consumer<String> warn) {
        int[] blocks = r.blocks().stream().mapToInt(Integer::intValue).toArray();
        int width = r.width();
        if (r.paramsLike() > 0) {
            width = ResNet.nearestWidth(r.paramsLike(), blocks, in, out);
            long got = ResNet.smallParameterCount(blocks, width, in, out);
            if (Math.abs(got - r.paramsLike()) > 0.1 * r.paramsLike())
                warn.accept(String.format(Locale.ROOT, "no base width gives a small ResNet %s within 10%% of %d parameters; the nearest, width %d, has %d (%+.0f%%)",
                        r.blocks(), r.paramsLike(), width, got, 100.0 * (got - r.paramsLike()) / r.paramsLike()));
        }
        return ResNet.small(blocks, width, in, out, g, dtype);
    }

    static String describe(Module m, RunConfig c) {
        if (m instanceof ResNet r) return r.description();
        if (m instanceof EvalNetwork && c.model() instanceof Model.DartsNetwork d) return "DARTS network (C = " + d.channels() + ", " + d.layers() + " cells"
                + (d.auxiliaryWeight() > 0 ? ", auxiliary head weight " + d.auxiliaryWeight() : "") + ", drop path " + d.dropPath() + ")";
        return m.getClass().getSimpleName();
    }

    /** The weights the trained model uses (the DARTS network's auxiliary head, used only in training, left out). */
    static long parameters(Module m) { return m instanceof EvalNetwork n ? n.inferenceParameterCount() : m.parameterCount(); }
}

package org.darts4j.darts.train;

import java.util.Locale;

import org.darts4j.darts.evaluation.EvalNetwork;
import org.darts4j.darts.genotype.Genotype;
import org.darts4j.datasets.Dataset;
import org.darts4j.nn.Module;
import org.darts4j.nn.resnet.ResNet;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;

/** Builds the neural models of {@link RunConfig#MODELS} for a data set's input channels and outputs. */
final class Models {
    private Models() {}

    static Module build(RunConfig c, Dataset train, Generator g, DType dtype, java.util.function.Consumer<String> warn) {
        int in = train.imageShape().dim(0), out = train.task().outputs();
        return switch (c.model()) {
            case "resnet20" -> ResNet.cifar(20, in, out, g, dtype);
            case "resnet32" -> ResNet.cifar(32, in, out, g, dtype);
            case "resnet56" -> ResNet.cifar(56, in, out, g, dtype);
            case "resnet18" -> ResNet.resnet18(in, out, g, dtype);
            case "small-resnet" -> {
                int[] blocks = c.blocks().stream().mapToInt(Integer::intValue).toArray();
                int width = c.width();
                if (c.paramsLike() > 0) {
                    width = ResNet.nearestWidth(c.paramsLike(), blocks, in, out);
                    long got = ResNet.smallParameterCount(blocks, width, in, out);
                    if (Math.abs(got - c.paramsLike()) > 0.1 * c.paramsLike())
                        warn.accept(String.format(Locale.ROOT, "no base width gives a small ResNet %s within 10%% of %d parameters; the nearest, width %d, has %d (%+.0f%%)",
                                c.blocks(), c.paramsLike(), width, got, 100.0 * (got - c.paramsLike()) / c.paramsLike()));
                }
                yield ResNet.small(blocks, width, in, out, g, dtype);
            }
            case "darts" -> {
                int[] hw = {train.imageShape().dim(1), train.imageShape().dim(2)};
                Genotype genotype = Genotype.parse(c.genotype());
                yield new EvalNetwork(genotype, new EvalNetwork.Config(in, hw[0], hw[1], out, c.channels(), c.layers(), c.auxiliaryWeight() > 0), g, dtype);
            }
            default -> throw new IllegalArgumentException("'" + c.model() + "' is not a neural network");
        };
    }

    static String describe(Module m, RunConfig c) {
        if (m instanceof ResNet r) return r.description();
        if (m instanceof EvalNetwork) return "DARTS network (C = " + c.channels() + ", " + c.layers() + " cells"
                + (c.auxiliaryWeight() > 0 ? ", auxiliary head weight " + c.auxiliaryWeight() : "") + ", drop path " + c.dropPath() + ")";
        return m.getClass().getSimpleName();
    }

    /** The weights the trained model uses (the DARTS network's auxiliary head, used only in training, left out). */
    static long parameters(Module m) { return m instanceof EvalNetwork n ? n.inferenceParameterCount() : m.parameterCount(); }
}

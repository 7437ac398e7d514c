package org.darts4j.darts.train;

import org.darts4j.datasets.Dataset;
import org.darts4j.nn.Module;
import org.darts4j.nn.resnet.ResNet;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;

/** Builds the neural models of {@link RunConfig#MODELS} for a data set's input channels and outputs. */
final class Models {
    private Models() {}

    static Module build(RunConfig c, Dataset train, Generator g, DType dtype) {
        int in = train.imageShape().dim(0), out = train.task().outputs();
        return switch (c.model()) {
            case "resnet20" -> ResNet.cifar(20, in, out, g, dtype);
            case "resnet32" -> ResNet.cifar(32, in, out, g, dtype);
            case "resnet56" -> ResNet.cifar(56, in, out, g, dtype);
            case "resnet18" -> ResNet.resnet18(in, out, g, dtype);
            case "small-resnet" -> {
                int[] blocks = c.blocks().stream().mapToInt(Integer::intValue).toArray();
                int width = c.paramsLike() > 0 ? ResNet.paramsLike(c.paramsLike(), blocks, in, out) : c.width();
                yield ResNet.small(blocks, width, in, out, g, dtype);
            }
            default -> throw new IllegalArgumentException("'" + c.model() + "' is not a neural network");
        };
    }

    static String describe(Module m) { return m instanceof ResNet r ? r.description() : m.getClass().getSimpleName(); }
}

package org.darts4j.darts;

import java.util.List;
import org.darts4j.darts.train.Model;

/** The model a test names, with every model's settings given (those of the other models ignored), as {@code train}'s options are. */
public final class TestModels {
    private TestModels() {}

    public static Model of(String name, List<Integer> blocks, int width, long paramsLike, int trees, int maxDepth, String genotype, int channels,
                           int layers, double auxiliaryWeight, double dropPath) {
        if (name.equals("darts")) return new Model.DartsNetwork(genotype, channels, layers, auxiliaryWeight, dropPath);
        if (name.equals("random-forest")) return new Model.Forest(trees, maxDepth);
        if (!Model.NAMES.contains(name)) return Model.of(name, genotype);   // refused there, naming the models
        return new Model.ResNet(name, blocks, width, paramsLike);
    }
}

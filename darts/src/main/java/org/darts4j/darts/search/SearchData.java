package org.darts4j.darts.search;

import org.darts4j.tensor.Backend;
import java.io.PrintStream;
import java.util.List;
import org.darts4j.autograd.F;
import org.darts4j.autograd.Variable;
import org.darts4j.darts.hypergradient.BilevelProblem;
import org.darts4j.datasets.Augmentations;
import org.darts4j.datasets.Batch;
import org.darts4j.datasets.DataLoader;
import org.darts4j.datasets.Dataset;
import org.darts4j.datasets.Splits;
import org.darts4j.datasets.TargetScaler;
import org.darts4j.datasets.Transforms;
import org.darts4j.datasets.source.DataSources;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;

/**
 * The data of a search: the (subset of the) training split halved into the data for w (L_train) and for α (L_val),
 * normalised by the w half's channel statistics, regression targets standardised by the w half's.
 */
public record SearchData(Dataset wHalf, Dataset alphaHalf, float[][] stats, TargetScaler scaler, boolean classify) {

    public static SearchData load(SearchConfig c, PrintStream log) throws java.io.IOException {
        Dataset train = DataSources.load(c.data().dataset(), c.data().options("train", c.seed()), w -> log.println("warning: " + w));
        int subset = c.data().trainSubset();
        if (subset > 0 && subset < train.size()) train = Splits.shuffled(train, c.seed()).range(0, subset, train.name() + "[subset]");
        Dataset[] halves = Splits.dartsSearch(train, c.trainPortion());
        float[][] stats = Transforms.channelStatistics(halves[0]);
        for (int i = 0; i < stats[1].length; i++) if (stats[1][i] == 0) stats[1][i] = 1;
        boolean classify = train.task().isClassification();
        return new SearchData(halves[0], halves[1], stats, classify ? null : TargetScaler.fit(halves[0]), classify);
    }

    /** The supernet for these images and outputs, initialised on the CPU (the same for every device) and moved to {@code device}. */
    public SearchNetwork network(SearchConfig c, DType dtype, Backend device) {
        var shape = wHalf.imageShape();
        return new SearchNetwork(SearchNetwork.Config.of(shape.dim(0), shape.dim(1), shape.dim(2), wHalf.task().outputs(), c.supernet().c(), c.supernet().layers()),
                c.method(), new Generator(c.seed()), dtype, c.supernet().zeroAlphas()).to(device);
    }

    /** The training loader of the w half (seed) or of the α half (seed + 1), with the data set's augmentations. */
    public DataLoader loader(SearchConfig c, boolean alpha, DType dtype, Backend device) {
        return DataLoader.builder(alpha ? alphaHalf : wHalf, c.batchSize()).seed(c.seed() + (alpha ? 1 : 0)).dtype(dtype).device(device)
                .transforms(Augmentations.training(c.data().dataset(), stats, 0)).targetScaler(scaler).build();
    }

    /** Cross-entropy for classes, MSE for (standardised) targets. */
    public static Variable loss(Variable out, Batch b, boolean classify) {
        return classify ? F.crossEntropy(out, b.labels()) : F.mseLoss(out, Variable.constant(b.targets()));
    }

    /** L_train on the w batch and L_val on the α batch, at the network's current weights and α. */
    public static BilevelProblem problem(SearchNetwork net, List<Variable> weights, Batch train, Batch val, boolean classify) {
        return new BilevelProblem() {
            @Override public List<Variable> weights() { return weights; }
            @Override public List<Variable> alphas() { return net.alphas(); }
            @Override public Variable trainLoss() { return loss(net.forward(Variable.constant(train.images())), train, classify); }
            @Override public Variable valLoss() { return loss(net.forward(Variable.constant(val.images())), val, classify); }
        };
    }
}

package org.darts4j.darts.train;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.darts4j.datasets.Dataset;
import org.darts4j.nn.metrics.Metrics;
import org.darts4j.tensor.Tensor;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.ensemble.AveragingCombiner;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;

/**
 * The random-forest baseline on tabular features (every pixel of the image is a feature: the 15 cells of the coarse
 * kirigami grid, say), through Tribuo (Apache-2.0): bagged CART trees that consider a random share of the features at
 * each split, a third for regression and the square root of their number for classification (Breiman's defaults).
 */
public final class RandomForest {
    /** Tribuo logs every tree at INFO; kept here so that the setting is not collected with the logger. */
    private static final java.util.logging.Logger TRIBUO_LOG = java.util.logging.Logger.getLogger("org.tribuo");

    static {
        TRIBUO_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private RandomForest() {}

    /** The fitted forest's test metrics: accuracy, or R², MAE and RMSE (first target is what R² pools over all targets). */
    public record Result(String metricName, double metric, double mae, double rmse, int trees, double seconds) {}

    public static Result fitAndEvaluate(Dataset train, Dataset test, int trees, int maxDepth, long seed) {
        long t0 = System.nanoTime();
        int f = train.imageShape().numel();
        String[] names = new String[f];
        for (int i = 0; i < f; i++) names[i] = "x" + i;
        if (train.task().isClassification()) {
            LabelFactory factory = new LabelFactory();
            var trainer = new RandomForestTrainer<>(new CARTClassificationTrainer(maxDepth, 1f, 0f, (float) Math.sqrt(f) / f, false,
                    new GiniIndex(), seed), new VotingCombiner(), trees, seed);
            Model<Label> model = trainer.train(dataset(train, names, factory, i -> new Label(String.valueOf(train.label(i)))));
            int hits = 0;
            for (int i = 0; i < test.size(); i++) {
                Prediction<Label> p = model.predict(example(test, i, names, new Label(String.valueOf(test.label(i)))));
                if (Integer.parseInt(p.getOutput().getLabel()) == test.label(i)) hits++;
            }
            return new Result("accuracy", (double) hits / test.size(), Double.NaN, Double.NaN, trees, (System.nanoTime() - t0) / 1e9);
        }
        int k = train.task().outputs();
        String[] targetNames = train.task().names().toArray(new String[0]);
        RegressionFactory factory = new RegressionFactory();
        float[] y = new float[k];
        var trainer = new RandomForestTrainer<>(new CARTRegressionTrainer(maxDepth, 1f, 0f, Math.max(1f / f, 1f / 3), false,
                new MeanSquaredError(), seed), new AveragingCombiner(), trees, seed);
        Model<Regressor> model = trainer.train(dataset(train, names, factory, i -> {
            train.readTarget(i, y, 0);
            return regressor(targetNames, y);
        }));
        double[] pred = new double[test.size() * k], truth = new double[test.size() * k];
        for (int i = 0; i < test.size(); i++) {
            test.readTarget(i, y, 0);
            Regressor r = model.predict(example(test, i, names, regressor(targetNames, y))).getOutput();
            for (int j = 0; j < k; j++) {
                pred[i * k + j] = r.getValues()[indexOf(r.getNames(), targetNames[j])];
                truth[i * k + j] = y[j];
            }
        }
        Metrics.Regression m = new Metrics.Regression();
        m.add(Tensor.of(pred, test.size(), k), Tensor.of(truth, test.size(), k));
        return new Result("r2", m.r2(), m.mae(), m.rmse(), trees, (System.nanoTime() - t0) / 1e9);
    }

    private static int indexOf(String[] a, String s) {
        for (int i = 0; i < a.length; i++) if (a[i].equals(s)) return i;
        throw new IllegalStateException("forest output lacks target " + s);
    }

    private static Regressor regressor(String[] names, float[] y) {
        double[] v = new double[names.length];
        for (int j = 0; j < v.length; j++) v[j] = y[j];
        return new Regressor(names, v);
    }

    private static <T extends Output<T>> MutableDataset<T> dataset(Dataset d, String[] names, OutputFactory<T> factory,
                                                                   java.util.function.IntFunction<T> output) {
        List<Example<T>> examples = new ArrayList<>(d.size());
        for (int i = 0; i < d.size(); i++) examples.add(example(d, i, names, output.apply(i)));
        return new MutableDataset<>(new ListDataSource<>(examples, factory,
                new SimpleDataSourceProvenance(d.name(), OffsetDateTime.now(), factory)));
    }

    private static <T extends Output<T>> Example<T> example(Dataset d, int i, String[] names, T out) {
        float[] px = new float[names.length];
        d.readImage(i, px, 0);
        double[] v = new double[px.length];
        for (int j = 0; j < v.length; j++) v[j] = px[j];
        return new ArrayExample<>(out, names, v);
    }
}

package org.darts4j.darts.train;

import org.darts4j.tensor.Recycling;
import org.darts4j.tensor.cpu.CpuBackend;
import org.darts4j.tensor.Backend;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.darts4j.autograd.F;
import org.darts4j.autograd.GradMode;
import org.darts4j.autograd.Variable;
import org.darts4j.darts.charts.LearningCurves;
import org.darts4j.darts.evaluation.EvalNetwork;
import org.darts4j.darts.run.RunFolder;
import org.darts4j.darts.run.EpochLoop;
import org.darts4j.darts.run.Progress;
import org.darts4j.darts.run.RunLog;
import org.darts4j.darts.run.TrainingPass;
import org.darts4j.datasets.Augmentations;
import org.darts4j.datasets.Batch;
import org.darts4j.datasets.DataLoader;
import org.darts4j.datasets.Dataset;
import org.darts4j.datasets.Splits;
import org.darts4j.datasets.TargetScaler;
import org.darts4j.datasets.Transforms;
import org.darts4j.datasets.source.DataOptions;
import org.darts4j.datasets.source.DataSources;
import org.darts4j.nn.Module;
import org.darts4j.nn.checkpoint.Checkpoint;
import org.darts4j.nn.metrics.Metrics;
import org.darts4j.nn.optim.GradClip;
import org.darts4j.nn.optim.Schedules;
import org.darts4j.nn.optim.Sgd;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.Tensor;
import org.darts4j.tensor.io.AtomicFile;
import org.darts4j.tensor.cpu.Parallel;

/**
 * A training run in a folder: {@code config.json}, {@code metrics.csv} (per epoch: training and validation loss and
 * metric, learning rate, seconds), a checkpoint after every epoch, {@code curves.png} and, at the end,
 * {@code summary.json} with the test metric and the parameter count. A run started again on its folder resumes from
 * its last checkpoint and, on the CPU with the same thread count, ends with the same bits as an uninterrupted run.
 */
public final class Trainer {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final RunConfig c;
    private final Path dir;
    private PrintStream log;   // the caller's stream, teed into the run folder's log.txt once the run has its folder
    private boolean logging;
    private final boolean terminal;
    private final Backend device;
    private int keepCheckpoints = Checkpoint.DEFAULT_KEEP;

    public Trainer(RunConfig config, Path runDir, PrintStream log, boolean terminal) { this(config, runDir, log, terminal, CpuBackend.get()); }

    /** A training run whose model, batches and steps live on {@code device} (the random forest stays on the CPU). */
    public Trainer(RunConfig config, Path runDir, PrintStream log, boolean terminal, Backend device) {
        this.c = config;
        this.dir = runDir;
        this.log = log;
        this.terminal = terminal;
        this.device = device;
    }

    private DataOptions options(String split) { return c.data().options(split, c.seed()); }

    /** Checkpoints kept in the run folder: at least 1 ({@link Checkpoint#DEFAULT_KEEP}; {@link Checkpoint#KEEP_ALL}). */
    public Trainer keepCheckpoints(int n) {
        this.keepCheckpoints = Checkpoint.requireKeep(n);
        return this;
    }

    /** Runs (or resumes) to the configured number of epochs; returns the summary. */
    public Map<String, Object> run(EpochLoop.Listener listener) throws IOException {
        PrintStream console = log;
        // the configured threads are this run's own (a scope): runs side by side in one JVM keep theirs
        try (RunFolder folder = RunFolder.claim(dir, log::println); Parallel.Scope threads = c.threads() > 0 ? Parallel.scope(c.threads()) : null) {
            return runIn(listener);
        } finally {
            if (log != console) log.close();
            log = console;
            logging = false;
        }
    }

    private Map<String, Object> runIn(EpochLoop.Listener listener) throws IOException {
        Dataset fullTrain = DataSources.load(c.data().dataset(), options("train"), w -> log.println("warning: " + w));
        Dataset test = DataSources.load(c.data().dataset(), options("test"), w -> { });
        int subset = c.data().trainSubset();
        if (subset > 0 && subset < fullTrain.size()) fullTrain = Splits.shuffled(fullTrain, c.seed()).range(0, subset, fullTrain.name() + "[subset]");
        Dataset train = fullTrain, val = null;
        if (c.valFraction() > 0) {
            Dataset[] tv = Splits.byPosition(fullTrain, 1 - c.valFraction(), fullTrain.name() + "[train]", fullTrain.name() + "[val]");
            train = tv[0];
            val = tv[1];
        }
        if (c.model() instanceof Model.Forest f) return forest(f, train, test);
        return network(train, val, test, listener);
    }

    /** config.json (once the data and the model are there: a refused run writes nothing), and from then on log.txt. */
    private void writeConfig() throws IOException {
        if (!Files.exists(dir.resolve(RunFolder.CONFIG))) c.write(dir.resolve(RunFolder.CONFIG));
        if (!logging) log = RunLog.tee(log, dir);
        logging = true;
    }

    private Map<String, Object> forest(Model.Forest f, Dataset train, Dataset test) throws IOException {
        log.printf("random forest: %d trees, max depth %d, on %d examples of %d features%n", f.trees(), f.maxDepth(), train.size(),
                train.imageShape().numel());
        writeConfig();
        RandomForest.Result r = RandomForest.fitAndEvaluate(train, test, f.trees(), f.maxDepth(), c.seed());
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("model", "random-forest");
        s.put("dataset", c.data().dataset());
        s.put("trees", r.trees());
        s.put("test_" + r.metricName(), r.metric());
        if (!Double.isNaN(r.mae())) { s.put("test_mae", r.mae()); s.put("test_rmse", r.rmse()); }
        s.put("train_examples", train.size());
        s.put("test_examples", test.size());
        s.put("seconds", r.seconds());
        writeJson(dir.resolve("summary.json"), s);
        log.printf("test %s %.4f (%.1f s)%n", r.metricName(), r.metric(), r.seconds());
        return s;
    }

    private Map<String, Object> network(Dataset train, Dataset val, Dataset test, EpochLoop.Listener listener) throws IOException {
        DType dtype = c.dtype();
        boolean classify = train.task().isClassification();
        Generator init = new Generator(c.seed());
        Module model = Models.build(c, train, init, dtype, w -> log.println("warning: " + w)).to(device);
        writeConfig();   // only once the data and the model are there: a refused run writes nothing
        float[][] stats = Transforms.channelStatistics(train);
        for (int i = 0; i < stats[1].length; i++) if (stats[1][i] == 0) stats[1][i] = 1;
        TargetScaler scaler = classify ? null : TargetScaler.fit(train);
        Sgd opt = new Sgd(model.parameters(), c.optimizer().lr(), c.optimizer().momentum(), c.optimizer().weightDecay(), c.optimizer().nesterov());
        Schedules.Schedule schedule = c.schedule().of(c.optimizer().lr(), c.epochs());
        String metric = classify ? "accuracy" : "r2";
        EpochLoop<TrainEpoch> loop = new EpochLoop<>(dir, TrainEpoch.class, metric, new EpochLoop.State(model, Map.of("optimizer", opt)), log)
                .keepCheckpoints(keepCheckpoints).listener(listener);
        loop.resume();
        log.printf("%s: %d parameters; %s: %d training, %d validation, %d test examples; %d epochs of batch %d%n",
                Models.describe(model, c), Models.parameters(model), c.data().dataset(), train.size(), val == null ? 0 : val.size(), test.size(),
                c.epochs(), c.batchSize());
        var trainTransforms = c.augment() ? Augmentations.training(c.data().dataset(), stats, c.cutout()) : Augmentations.evaluation(stats);
        List<TrainEpoch> rows;
        try (DataLoader loader = DataLoader.builder(train, c.batchSize()).seed(c.seed()).workers(c.workers()).dtype(dtype).device(device)
                .transforms(trainTransforms).targetScaler(scaler).build()) {
            Dataset validation = val;
            rows = loop.run(c.epochs(), new EpochLoop.Body<>() {
                /** One pass of SGD over the training set (drop path and the auxiliary head for the evaluation network), then validation. */
                @Override public TrainEpoch train(int epoch, EpochLoop.Epoch e) {
                    double lr = schedule.lr(epoch);
                    opt.setLr(lr);
                    TrainingPass pass = trainEpoch(model, opt, loader, epoch, e, classify);
                    double[] v = validation == null ? new double[] {Double.NaN, Double.NaN} : evaluate(model, validation, stats, scaler, dtype, device);
                    TrainingDivergedException.requireFinite(epoch + 1, dir, "the training loss", pass.loss(), "the training " + metric, pass.metric(),
                            "the validation loss", validation == null ? 0 : v[0], "the validation " + metric, validation == null ? 0 : v[1]);
                    return new TrainEpoch(epoch + 1, pass.loss(), pass.metric(), v[0], v[1], lr, e.seconds());
                }

                @Override public void files(TrainEpoch row, List<TrainEpoch> rows, EpochLoop.Epoch e) throws IOException {
                    LearningCurves.write(dir.resolve("curves.png"), rows, metric);
                }
            });
        }
        double[] t = evaluate(model, test, stats, scaler, dtype, device);
        if (!Double.isFinite(t[0]) || !Double.isFinite(t[1]))
            throw new TrainingDivergedException("the test loss is " + t[0] + " and the test " + metric + " " + t[1]
                    + ": the trained network's outputs are not finite; no summary written (checkpoints in " + dir + ")");
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("model", c.model().label());
        s.put("description", Models.describe(model, c));
        s.put("dataset", c.data().dataset());
        s.put("parameters", Models.parameters(model));
        if (model instanceof EvalNetwork && c.model() instanceof Model.DartsNetwork d) {
            s.put("parameters_with_auxiliary_head", model.parameterCount());
            s.put("genotype", d.genotype());
        }
        s.put("epochs", c.epochs());
        s.put("test_loss", t[0]);
        s.put("test_" + metric, t[1]);
        if (!classify) { s.put("test_mae", t[2]); s.put("test_rmse", t[3]); }
        s.put("train_seconds", rows.stream().mapToDouble(TrainEpoch::seconds).sum());
        s.put("threads", Parallel.threads());
        writeJson(dir.resolve("summary.json"), s);
        log.printf("test loss %.4f, test %s %.4f%n", t[0], metric, t[1]);
        return s;
    }

    /** One epoch of SGD on {@code loader}'s batches; a non-finite loss stops the run at its step. */
    private TrainingPass trainEpoch(Module model, Sgd opt, DataLoader loader, int epoch, EpochLoop.Epoch e, boolean classify) {
        model.train();
        TrainingPass pass = new TrainingPass(classify);
        if (model instanceof EvalNetwork n && c.model() instanceof Model.DartsNetwork d) n.setDropPath(d.dropPath() * epoch / c.epochs(), new Generator(c.seed() * 1_000_003L + epoch));
        int b = 0;
        try (Progress progress = new Progress(log, terminal, String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, c.epochs()), loader.batchesPerEpoch())
                .then(c.epochs() - epoch - 1)) {
            for (Batch batch : loader.epoch(epoch)) {
                Variable out, aux = null;
                double l;
                try (Recycling recycling = Recycling.openStep()) {   // the forward's intermediate values go back as backward consumes them
                    if (model instanceof EvalNetwork n) {
                        EvalNetwork.Outputs o = n.forwardWithAuxiliary(Variable.constant(batch.images()));
                        out = o.logits();
                        aux = o.auxiliary();
                    } else out = model.forward(Variable.constant(batch.images()));
                    recycling.keep(out.data());
                    Variable loss = loss(out, batch, classify);
                    if (aux != null && c.model() instanceof Model.DartsNetwork d) loss = loss.add(loss(aux, batch, classify).mul(d.auxiliaryWeight()));
                    l = loss.item();
                    long step = e.nextStep();
                    if (!Double.isFinite(l))
                        throw new TrainingDivergedException("loss is " + l + " at step " + step + " (epoch " + (epoch + 1) + ", batch " + (b + 1)
                                + "); stopped. The last good checkpoint is " + (Checkpoint.exists(dir) ? "in " + dir : "none (first epoch)")
                                + "; try a smaller --lr");
                    loss.backward();
                }
                if (c.optimizer().gradClip() > 0) GradClip.clipNorm(opt.parameters(), c.optimizer().gradClip());
                opt.step();
                opt.zeroGrad();
                pass.add(l, out.data(), batch);
                progress.update(++b, (int) pass.examples(), pass.loss());
            }
        }
        return pass;
    }

    /** Cross-entropy, or the mean squared error on the scaled targets. */
    private static Variable loss(Variable out, Batch b, boolean classify) {
        return classify ? F.crossEntropy(out, b.labels()) : F.mseLoss(out, Variable.constant(b.targets()));
    }

    /** Loss and metric (accuracy, or R², MAE and RMSE in the data's units) in evaluation mode. */
    static double[] evaluate(Module model, Dataset d, float[][] stats, TargetScaler scaler, DType dtype, Backend device) {
        model.eval();
        boolean classify = d.task().isClassification();
        double lossSum = 0;
        double hits = 0;   // a NaN accuracy stays NaN
        long n = 0;
        Metrics.Regression reg = new Metrics.Regression();
        try (var g = GradMode.noGrad();
             DataLoader loader = DataLoader.builder(d, 256).shuffle(false).dtype(dtype).device(device).transforms(Augmentations.evaluation(stats)).build()) {
            for (Batch b : loader.epoch(0)) {
                Variable out = model.forward(Variable.constant(b.images()));
                if (classify) {
                    lossSum += F.crossEntropy(out, b.labels()).item() * b.size();
                    hits += Math.rint(Metrics.accuracy(out.data(), b.labels()) * b.size());
                } else {
                    Tensor z = b.targets();
                    float[] zs = z.toFloatArray();
                    scaler.transform(zs, 0, b.size());
                    Tensor zt = Tensor.of(zs, z.dims()).to(dtype).to(device);
                    lossSum += F.mseLoss(out, Variable.constant(zt)).item() * b.size();
                    float[] p = out.data().toFloatArray();
                    scaler.inverse(p, 0, b.size());
                    reg.add(Tensor.of(p, z.dims()), z.to(DType.FLOAT32));
                }
                n += b.size();
            }
        }
        model.train();
        return classify ? new double[] {lossSum / n, hits / n} : new double[] {lossSum / n, reg.r2(), reg.mae(), reg.rmse()};
    }

    private static void writeJson(Path file, Object value) throws IOException {
        AtomicFile.write(file, tmp -> JSON.writeValue(tmp.toFile(), value));
    }
}

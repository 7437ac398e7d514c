package org.darts4j.darts.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.darts4j.darts.config.ConfigJson;
import org.darts4j.darts.config.Data;
import org.darts4j.darts.config.LrSchedule;
import org.darts4j.darts.config.Sgd;
import org.darts4j.darts.run.Ranges;
import org.darts4j.tensor.DType;

/**
 * Everything a training run depends on, written to {@code config.json} in the run folder so that the run can be
 * resumed and repeated. {@link #of} gives each model's recipe: for ResNets and the forest the CIFAR ResNet recipe
 * (SGD, lr 0.1, momentum 0.9, weight decay 5e-4, cosine annealing), for the DARTS network the reference's train.py
 * (lr 0.025, weight decay 3e-4, gradient clip 5), both shortened to a CPU budget (10 epochs, batch 128). From Java:
 * <pre>  RunConfig c = RunConfig.of(new Model.DartsNetwork(g, 8, 5, 0.4, 0.2), Data.of("fashion-mnist")).withEpochs(20);</pre>
 *
 * @param model       what is trained
 * @param data        what it is trained on
 * @param valFraction the last share of the training split held out for validation
 * @param augment     the data set's default crop and flip on training images
 * @param cutout      the side of the cutout square (0: none)
 * @param optimizer   SGD, with its learning-rate {@code schedule}
 * @param threads     CPU threads (0: all cores)
 * @param workers     loader threads
 */
public record RunConfig(Model model, Data data, double valFraction, boolean augment, int cutout, int epochs, int batchSize, Sgd optimizer,
                        LrSchedule schedule, long seed, int threads, DType dtype, int workers) {

    public RunConfig {
        if (model == null || data == null || optimizer == null || schedule == null || dtype == null)
            throw new IllegalArgumentException("a run configuration needs model, data, optimizer, schedule and dtype");
        Ranges.atLeast("--epochs", epochs, 1);
        Ranges.atLeast("--batch-size", batchSize, 1);
        if (!(valFraction >= 0 && valFraction < 1)) throw new IllegalArgumentException("--val-fraction must be in [0, 1), got " + valFraction);
        Ranges.atLeast("--cutout", cutout, 0);
        Ranges.atLeast("--threads (0: all cores)", threads, 0);
        Ranges.atLeast("--workers", workers, 1);
    }

    /** {@code model}'s recipe on {@code data}: 10 epochs of batch 128, a tenth held out, augmented, seed 0, float32. */
    public static RunConfig of(Model model, Data data) {
        Sgd sgd = model instanceof Model.DartsNetwork ? new Sgd(0.025, 0.9, 3e-4, false, 5) : new Sgd(0.1, 0.9, 5e-4, false, 0);
        return new RunConfig(model, data, 0.1, true, 0, 10, 128, sgd, new LrSchedule.Cosine(0), 0, 0, DType.FLOAT32, 1);
    }

    public RunConfig withModel(Model m) { return edit(b -> b.model = m); }

    public RunConfig withData(Data d) { return edit(b -> b.data = d); }

    public RunConfig withEpochs(int n) { return edit(b -> b.epochs = n); }

    public RunConfig withBatchSize(int n) { return edit(b -> b.batchSize = n); }

    public RunConfig withOptimizer(Sgd sgd) { return edit(b -> b.optimizer = sgd); }

    public RunConfig withSchedule(LrSchedule s) { return edit(b -> b.schedule = s); }

    public RunConfig withSeed(long s) { return edit(b -> b.seed = s); }

    public RunConfig withThreads(int n) { return edit(b -> b.threads = n); }

    public RunConfig withDtype(DType t) { return edit(b -> b.dtype = t); }

    /** This configuration with the changes {@code change} makes to a copy of its components; the constructor checks the result. */
    private RunConfig edit(Consumer<Builder> change) {
        Builder b = new Builder(this);
        change.accept(b);
        return b.build();
    }

    /** The components, mutable for one {@link #edit}. */
    private static final class Builder {
        Model model; Data data; double valFraction; boolean augment; int cutout; int epochs; int batchSize; Sgd optimizer; LrSchedule schedule;
        long seed; int threads; DType dtype; int workers;

        Builder(RunConfig c) {
            model = c.model; data = c.data; valFraction = c.valFraction; augment = c.augment; cutout = c.cutout; epochs = c.epochs;
            batchSize = c.batchSize; optimizer = c.optimizer; schedule = c.schedule; seed = c.seed; threads = c.threads; dtype = c.dtype; workers = c.workers;
        }

        RunConfig build() { return new RunConfig(model, data, valFraction, augment, cutout, epochs, batchSize, optimizer, schedule, seed, threads, dtype, workers); }
    }

    public void write(Path file) throws IOException { ConfigJson.write(file, this); }

    /** This configuration as the JSON of config.json (what a cluster task carries). */
    public String toJson() { return ConfigJson.toJson(this); }

    /** The configuration {@link #toJson()} wrote. */
    public static RunConfig fromJson(String json) throws IOException { return ConfigJson.fromJson(json, RunConfig.class, "run configuration"); }

    public static RunConfig read(Path file) throws IOException { return ConfigJson.read(file, RunConfig.class, "run configuration", "a run folder"); }

    /** The fields in which {@code other} differs from this configuration, as "path: this vs other". */
    public List<String> differences(RunConfig other) { return ConfigJson.differences(this, other); }
}

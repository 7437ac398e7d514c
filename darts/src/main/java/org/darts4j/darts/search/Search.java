package org.darts4j.darts.search;

import org.darts4j.tensor.cpu.CpuBackend;
import org.darts4j.tensor.Backend;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.darts4j.autograd.F;
import org.darts4j.autograd.GradMode;
import org.darts4j.autograd.Variable;
import org.darts4j.darts.charts.AlphaEvolution;
import org.darts4j.darts.curvature.ArchitectureHessian;
import org.darts4j.darts.curvature.EarlyStopping;
import org.darts4j.darts.figures.CellDiagram;
import org.darts4j.darts.logs.EventFile;
import org.darts4j.darts.genotype.Genotype;
import org.darts4j.darts.hypergradient.HypergradientEstimator;
import org.darts4j.darts.run.RunFolder;
import org.darts4j.darts.run.EpochLoop;
import org.darts4j.darts.run.CsvTable;
import org.darts4j.darts.run.Progress;
import org.darts4j.darts.run.RunLog;
import org.darts4j.darts.run.TrainingPass;
import org.darts4j.darts.search.method.GumbelSample;
import org.darts4j.darts.search.method.SearchMethod;
import org.darts4j.darts.train.TrainingDivergedException;
import org.darts4j.datasets.Augmentations;
import org.darts4j.datasets.Batch;
import org.darts4j.datasets.DataLoader;
import org.darts4j.datasets.Dataset;
import org.darts4j.datasets.TargetScaler;
import org.darts4j.nn.checkpoint.Checkpoint;
import org.darts4j.nn.metrics.Metrics;
import org.darts4j.nn.optim.Adam;
import org.darts4j.nn.optim.Optimizer;
import org.darts4j.nn.optim.Schedules;
import org.darts4j.nn.optim.Sgd;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Tensor;
import org.darts4j.tensor.cpu.Parallel;
import org.darts4j.tensor.io.AtomicFile;
import org.darts4j.tensor.io.NpyArray;
import org.darts4j.tensor.io.Npz;

/**
 * A DARTS search in a run folder, as the reference's {@code train_search.py} runs it: per step, one architecture step
 * on a batch of the α half, then one weight step on a batch of the w half; after every epoch the validation metrics,
 * softmax(α), the derived genotype, cell diagrams and a checkpoint. The folder resumes bit for bit on the CPU.
 *
 * <p>The α half is read in order, each example once per epoch (the reference draws a fresh random batch each step).
 */
public final class Search {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final SearchConfig c;
    private final Path dir;
    private PrintStream log;   // the caller's stream, teed into the run folder's log.txt while the run has its folder
    private boolean verbose, terminal;
    private final Backend device;
    private int keepCheckpoints = Checkpoint.DEFAULT_KEEP;

    public Search(SearchConfig config, Path runDir, PrintStream log) { this(config, runDir, log, CpuBackend.get()); }

    /** A search whose network, batches and steps live on {@code device}. */
    public Search(SearchConfig config, Path runDir, PrintStream log, Backend device) {
        this.c = config;
        this.dir = runDir;
        this.log = log;
        this.device = device;
    }

    /** Checkpoints kept in the run folder: at least 1 ({@link Checkpoint#DEFAULT_KEEP}; {@link Checkpoint#KEEP_ALL}). */
    public Search keepCheckpoints(int n) {
        this.keepCheckpoints = Checkpoint.requireKeep(n);
        return this;
    }

    /** Searches (or resumes) to the configured number of epochs; returns the final genotype. */
    public Genotype run() throws IOException { return run(null); }

    public Genotype run(EpochLoop.Listener listener) throws IOException {
        PrintStream console = log;
        // the configured threads are this run's own (a scope): runs side by side in one JVM keep theirs
        try (RunFolder folder = RunFolder.claim(dir, log::println); Parallel.Scope threads = c.threads() > 0 ? Parallel.scope(c.threads()) : null) {
            return run(folder, listener);
        } finally {
            if (log != console) log.close();
            log = console;
        }
    }

    /** A progress line for every step instead of every tenth of an epoch. */
    public Search verbose(boolean v) {
        this.verbose = v;
        return this;
    }

    /** Progress as one line redrawn in place (a terminal) instead of log lines. */
    public Search terminal(boolean t) {
        this.terminal = t;
        return this;
    }

    private Genotype run(RunFolder folder, EpochLoop.Listener listener) throws IOException {
        Path cfgFile = dir.resolve(RunFolder.CONFIG);
        boolean fresh = !folder.holdsRun();
        if (!fresh) {
            List<String> diff = SearchConfig.read(cfgFile).differences(c);
            if (!diff.isEmpty()) throw new IllegalArgumentException(dir + " holds a search of another configuration; differing fields: " + diff);
        }
        DType dtype = c.dtype();
        SearchData data = SearchData.load(c, log);
        Dataset[] halves = {data.wHalf(), data.alphaHalf()};
        boolean classify = data.classify();
        SearchNetwork net = data.network(c, dtype, device);
        List<Variable> weights = net.parameters();
        Sgd sgd = new Sgd(weights, c.w().lr(), c.w().momentum(), c.w().weightDecay(), c.w().nesterov());
        Adam adam = new Adam(net.alphas(), c.alpha().lr(), c.alpha().beta1(), c.alpha().beta2(), 1e-8, c.alpha().weightDecay());
        // a fresh estimator per run (MINRES keeps its last solve's statistics): the configuration's, by its name
        Architect architect = new Architect(HypergradientEstimator.parse(c.hypergradient().name()), adam, sgd);
        Map<String, Optimizer> optimizers = Map.of("w_optimizer", sgd, "alpha_optimizer", adam);
        if (fresh) c.write(cfgFile);   // only once the data and the network are there: a refused run writes nothing
        log = RunLog.tee(log, dir);
        String metric = classify ? "accuracy" : "r2";
        EpochLoop<SearchEpoch> loop = new EpochLoop<>(dir, SearchEpoch.class, metric, new EpochLoop.State(net, optimizers, net::architectureState), log)
                .keepCheckpoints(keepCheckpoints).listener(listener);
        loop.resume();
        Path stopFile = dir.resolve(EARLY_STOP);
        if (Files.exists(stopFile)) {
            Genotype g = Genotype.parse(JSON.readTree(stopFile.toFile()).get("genotype").asText());
            log.printf("%s stopped early (%s); its genotype: %s%n", dir, stopFile.getFileName(), g);
            return g;
        }
        log.printf("%s search on %s: %d examples for w, %d for α; C = %d, %d cells, %d weights; %s hypergradient; %d epochs of batch %d%s%n",
                c.method().describe(), c.data().dataset(), halves[0].size(), halves[1].size(), c.supernet().c(), c.supernet().layers(), net.parameterCount(), architect.estimator().name(),
                c.epochs(), c.batchSize(), c.warmupEpochs() > 0 ? "; α frozen for the first " + c.warmupEpochs() + " epochs" : "");
        try (DataLoader wLoader = data.loader(c, false, dtype, device); DataLoader aLoader = data.loader(c, true, dtype, device)) {
            Epochs epochs = new Epochs(net, weights, data, sgd, architect, wLoader, aLoader, dtype);
            loop.run(c.epochs(), epochs);
            Genotype g = epochs.stoppedAt != null ? epochs.stoppedAt : net.genotype(4);
            writeFinal(g);
            return g;
        }
    }

    /** A row of {@code alphas.csv}: softmax(α) of one operation on one edge of one cell after an epoch. */
    record AlphaRow(int epoch, String cell, int edge, String operation, double weight) {}

    private static final CsvTable<AlphaRow> ALPHAS = new CsvTable<>(AlphaRow.class);

    /** The file of an early stop: the rule, the eigenvalues and the genotype chosen. */
    static final String EARLY_STOP = "early_stop.json";

    /** A search's epochs in the shared loop: the steps, the evaluation, the architecture's files, the early-stopping rule. */
    private final class Epochs implements EpochLoop.Body<SearchEpoch> {
        private final SearchNetwork net;
        private final List<Variable> weights;
        private final SearchData data;
        private final Sgd sgd;
        private final Architect architect;
        private final DataLoader wLoader, aLoader;
        private final DType dtype;
        private final boolean classify;
        private final Schedules.Schedule schedule = c.schedule().of(c.w().lr(), c.epochs());
        private final SearchMethod.Gdas gdas = c.method() instanceof SearchMethod.Gdas gd ? gd : null;
        private final EarlyStopping stopping = c.earlyStop();
        private Tensor pn, pr;
        private Genotype genotype, stoppedAt;

        Epochs(SearchNetwork net, List<Variable> weights, SearchData data, Sgd sgd, Architect architect, DataLoader wLoader, DataLoader aLoader,
               DType dtype) {
            this.net = net;
            this.weights = weights;
            this.data = data;
            this.sgd = sgd;
            this.architect = architect;
            this.wLoader = wLoader;
            this.aLoader = aLoader;
            this.dtype = dtype;
            this.classify = data.classify();
        }

        /**
         * Per step, one architecture step on a batch of the α half (none while α is frozen), then one weight step on a
         * batch of the w half; then L_val and the metric on the α half, softmax(α), the genotype, and λ_max if tracked.
         */
        @Override public SearchEpoch train(int epoch, EpochLoop.Epoch e) throws IOException {
            double lr = schedule.lr(epoch);
            sgd.setLr(lr);
            if (gdas != null) net.setTau(gdas.tau(epoch, c.epochs()));
            boolean warmup = epoch < c.warmupEpochs();
            net.train();
            TrainingPass pass = new TrainingPass(classify);
            Tensor normSum = null;
            int b = 0;
            try (Progress progress = new Progress(log, terminal, String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, c.epochs()), wLoader.batchesPerEpoch())
                    .verbose(verbose).then(c.epochs() - epoch - 1);
                 DataLoader.BatchIterator aIt = aLoader.epoch(epoch)) {
                DataLoader.BatchIterator alpha = aIt;
                int aEpoch = epoch;
                for (Batch wb : wLoader.epoch(epoch)) {
                    if (!alpha.hasNext()) {   // only when the α half is smaller than the w half: start it over
                        if (alpha != aIt) alpha.close();
                        alpha = aLoader.epoch(aEpoch += 1_000_000);
                    }
                    Batch ab = alpha.next();
                    long at = e.nextStep();
                    if (gdas != null) net.drawNoise(GumbelSample.stream(c.seed(), at, 0));   // the architecture step's sample
                    SearchStep.Outcome o;
                    try {
                        o = SearchStep.run(warmup ? null : architect, sgd, c.w().gradClip(), SearchData.problem(net, weights, wb, ab, classify), () -> {
                            if (gdas != null) net.drawNoise(GumbelSample.stream(c.seed(), at, 1));   // the weight step's sample
                            return net.forward(Variable.constant(wb.images()));
                        }, out -> SearchData.loss(out, wb, classify));
                    } catch (SearchStep.NonFiniteLoss x) {
                        throw new IllegalStateException("loss is " + x.loss + " at step " + at + " (epoch " + (epoch + 1) + ", batch " + (b + 1)
                                + "); stopped, keeping the last checkpoint in " + dir);
                    }
                    normSum = normSum == null ? o.gradNorm() : normSum.add(o.gradNorm());   // read once an epoch
                    pass.add(o.trainLoss(), o.output().data(), wb);
                    e.events().scalar("step/train_loss", at, o.trainLoss());
                    if (o.hypergradient() != null) {
                        e.events().scalar("step/val_loss", at, o.hypergradient().valLoss());
                        e.events().scalar("step/hypergradient_norm", at, norm(o.hypergradient().alphaGrads()));
                    }
                    progress.update(++b, (int) pass.examples(), pass.loss());
                }
            }
            if (gdas != null) net.drawNoisePerForward(GumbelSample.stream(c.seed(), epoch + 1, 2));   // a sample per batch, as the authors evaluate
            double[] v = evaluate(net, data.alphaHalf(), data.stats(), data.scaler(), dtype, device, classify);
            String metric = classify ? "accuracy" : "r2";
            TrainingDivergedException.requireFinite(epoch + 1, dir, "the training loss", pass.loss(), "the training " + metric, pass.metric(),
                    "the validation loss", v[0], "the validation " + metric, v[1], "the gradient norm of w (summed over the epoch)",
                    normSum == null ? 0 : normSum.item());
            pn = F.softmax(net.alphaNormal(), -1).data();
            pr = F.softmax(net.alphaReduce(), -1).data();
            genotype = net.genotype(4);
            double entropy = (meanEntropy(pn) + meanEntropy(pr)) / 2;
            double lambda = c.curvatureTracked() ? dominantEigenvalue(net, aLoader, classify) : Double.NaN;
            return new SearchEpoch(epoch + 1, pass.loss(), pass.metric(), v[0], v[1], lr, e.seconds(), genotype.normalSkips(), entropy, lambda);
        }

        @Override public void files(SearchEpoch row, List<SearchEpoch> rows, EpochLoop.Epoch e) throws IOException {
            writeEpoch(row.epoch(), pn, pr, net, genotype);
            logEpoch(e.events(), e.step(), pn, pr, row.epoch());
            org.darts4j.darts.sparsity.Sparsity.of(dir).write(dir);
        }

        @Override public String summary(SearchEpoch row) {
            return String.format(Locale.ROOT, "skips %d | entropy %.4f", row.normalSkips(), row.meanAlphaEntropy());
        }

        @Override public List<String> notes(SearchEpoch row) {
            List<String> notes = new ArrayList<>(List.of(genotype.toString()));
            if (!Double.isNaN(row.dominantEigenvalue()))
                notes.add(String.format(Locale.ROOT, "dominant eigenvalue of the Hessian of L_val in α: %.6g", row.dominantEigenvalue()));
            return notes;
        }

        /** The early-stopping rule on the eigenvalues so far: the architecture of an earlier epoch, and early_stop.json. */
        @Override public boolean stop(SearchEpoch row, List<SearchEpoch> rows) throws IOException {
            if (stopping == null) return false;
            List<Double> eigenvalues = rows.stream().map(SearchEpoch::dominantEigenvalue).filter(x -> !x.isNaN()).toList();
            int back = stopping.stopAt(eigenvalues);
            if (back <= 0) return false;
            stoppedAt = genotypeOfEpoch(back);
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("rule", stopping.toString());
            j.put("stopped_after_epoch", row.epoch());
            j.put("architecture_of_epoch", back);
            j.put("dominant_eigenvalues", eigenvalues);
            j.put("genotype", stoppedAt.toString());
            AtomicFile.write(dir.resolve(EARLY_STOP), tmp -> JSON.writeValue(tmp.toFile(), j));
            log.printf("early stop (%s) after epoch %d: the mean dominant eigenvalue rose from %.4g to %.4g; the result is the architecture of epoch %d%n",
                    stopping, row.epoch(), stopping.windowMean(eigenvalues, back), stopping.windowMean(eigenvalues, row.epoch()), back);
            return true;
        }
    }

    /**
     * λ_max of ∇²_α L_val on the first batch of the α half (a fixed batch, so that epochs compare), in training mode as
     * the search evaluates L_val; batch-norm running statistics are put back afterwards.
     */
    private static double dominantEigenvalue(SearchNetwork net, DataLoader aLoader, boolean classify) {
        Runnable restore = net.saveBuffers();
        try (DataLoader.BatchIterator it = aLoader.epoch(0)) {
            Batch b = it.next();
            Variable lv = SearchData.loss(net.forward(Variable.constant(b.images())), b, classify);
            return new ArchitectureHessian(lv, net.alphas()).dominantEigenvalue(50, 1e-4, 0).value();
        } finally {
            restore.run();
        }
    }

    private Genotype genotypeOfEpoch(int epoch) throws IOException {
        for (String line : Files.readAllLines(dir.resolve("genotypes.txt")))
            if (line.startsWith("epoch " + epoch + ": ")) return Genotype.parse(line.substring(line.indexOf(": ") + 2));
        throw new IOException(dir.resolve("genotypes.txt") + " has no genotype for epoch " + epoch);
    }

    /** Mean over edges of the entropy of softmax(α) (in nats; log 8 = 2.079 is uniform). */
    static double meanEntropy(Tensor p) {
        double[] v = p.toDoubleArray();
        int ops = p.size(1), edges = p.size(0);
        double h = 0;
        for (int e = 0; e < edges; e++)
            for (int k = 0; k < ops; k++) {
                double q = v[e * ops + k];
                if (q > 0) h -= q * Math.log(q);
            }
        return h / edges;
    }

    private static double[] evaluate(SearchNetwork net, Dataset d, float[][] stats, TargetScaler scaler, DType dtype, Backend device, boolean classify) {
        net.eval();
        double lossSum = 0, hits = 0;
        long n = 0;
        Metrics.Regression reg = new Metrics.Regression();
        try (var g = GradMode.noGrad();
             DataLoader l = DataLoader.builder(d, 128).shuffle(false).dtype(dtype).device(device).transforms(Augmentations.evaluation(stats)).targetScaler(scaler).build()) {
            for (Batch b : l.epoch(0)) {
                Variable out = net.forward(Variable.constant(b.images()));
                lossSum += SearchData.loss(out, b, classify).item() * b.size();
                if (classify) hits += Metrics.accuracy(out.data(), b.labels()) * b.size();
                else reg.add(out.data(), b.targets());
                n += b.size();
            }
        }
        net.train();
        return new double[] {lossSum / n, classify ? hits / n : reg.r2()};
    }

    /** ‖g‖₂ over the architecture's gradients. */
    private static double norm(List<Tensor> grads) {
        double s = 0;
        for (Tensor g : grads) for (double x : g.toDoubleArray()) s += x * x;
        return Math.sqrt(s);
    }

    /** α's entropies as scalars, softmax(α) as histograms and the cell diagrams as images, at the epoch's last step. */
    private void logEpoch(EventFile events, long step, Tensor pn, Tensor pr, int epoch) throws IOException {
        events.scalar("alpha/entropy_normal", step, meanEntropy(pn));
        events.scalar("alpha/entropy_reduce", step, meanEntropy(pr));
        events.histogram("alpha/softmax_normal", step, pn.toDoubleArray(), 30);
        events.histogram("alpha/softmax_reduce", step, pr.toDoubleArray(), 30);
        for (String cell : new String[] {"normal", "reduce"}) {
            byte[] png = Files.readAllBytes(dir.resolve("cells").resolve(String.format(Locale.ROOT, "epoch-%03d", epoch)).resolve(cell + ".png"));
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
            if (img != null) events.image("cell/" + cell, step, png, img.getWidth(), img.getHeight());
        }
    }

    private void writeEpoch(int epoch, Tensor pn, Tensor pr, SearchNetwork net, Genotype g) throws IOException {
        Path alphas = dir.resolve("alphas");
        Files.createDirectories(alphas);
        Map<String, NpyArray> a = new LinkedHashMap<>();
        a.put("softmax_alpha_normal", NpyArray.of(pn));
        a.put("softmax_alpha_reduce", NpyArray.of(pr));
        if (net.betaNormal() != null) {   // PC-DARTS' edge weights b and the genotype's W = softmax(α)·b
            a.put("edge_weights_normal", NpyArray.of(net.nodeSoftmax(net.betaNormal()).data()));
            a.put("edge_weights_reduce", NpyArray.of(net.nodeSoftmax(net.betaReduce()).data()));
            a.put("genotype_weights_normal", NpyArray.of(net.edgeWeights(false)));
            a.put("genotype_weights_reduce", NpyArray.of(net.edgeWeights(true)));
        }
        Npz.write(alphas.resolve(String.format(Locale.ROOT, "epoch-%03d.npz", epoch)), a);
        Path csvFile = dir.resolve("alphas.csv");
        List<AlphaRow> alphaRows = new ArrayList<>(ALPHAS.read(csvFile).stream().filter(r -> r.epoch() < epoch).toList());
        for (Object[] cell : new Object[][] {{"normal", pn}, {"reduce", pr}}) {
            double[] v = ((Tensor) cell[1]).toDoubleArray();
            for (int e = 0; e < v.length / 8; e++)
                for (int k = 0; k < 8; k++) alphaRows.add(new AlphaRow(epoch, (String) cell[0], e, Primitive.ALL.get(k).label(), v[e * 8 + k]));
        }
        ALPHAS.write(csvFile, alphaRows);
        StringBuilder gl = new StringBuilder();
        Path gFile = dir.resolve("genotypes.txt");
        if (Files.exists(gFile))
            for (String line : Files.readAllLines(gFile)) if (Integer.parseInt(line.substring(6, line.indexOf(':'))) < epoch) gl.append(line).append('\n');
        gl.append("epoch ").append(epoch).append(": ").append(g).append('\n');
        Path cells = dir.resolve("cells").resolve(String.format(Locale.ROOT, "epoch-%03d", epoch));   // the cell as it stood after each epoch
        CellDiagram.write(cells, "normal", g.normal(), g.normalConcat());
        CellDiagram.write(cells, "reduce", g.reduce(), g.reduceConcat());
        AtomicFile.write(gFile, tmp -> Files.writeString(tmp, gl.toString(), StandardCharsets.UTF_8));
        List<double[][]> history = new ArrayList<>();
        for (int e = 1; e <= epoch; e++) {
            Map<String, NpyArray> h = Npz.read(alphas.resolve(String.format(Locale.ROOT, "epoch-%03d.npz", e)));
            history.add(new double[][] {h.get("softmax_alpha_normal").values(), h.get("softmax_alpha_reduce").values()});
        }
        AlphaEvolution.write(dir.resolve("alpha_evolution.png"), history, pn.size(0));
    }

    private void writeFinal(Genotype g) throws IOException {
        AtomicFile.write(dir.resolve("genotype.txt"), tmp -> Files.writeString(tmp, g + "\n", StandardCharsets.UTF_8));
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("normal", g.normal().stream().map(x -> List.of(x.op().label(), x.input())).toList());
        j.put("normal_concat", g.normalConcat());
        j.put("reduce", g.reduce().stream().map(x -> List.of(x.op().label(), x.input())).toList());
        j.put("reduce_concat", g.reduceConcat());
        j.put("text", g.toString());
        AtomicFile.write(dir.resolve("genotype.json"), tmp -> JSON.writeValue(tmp.toFile(), j));
        CellDiagram.write(dir, "normal", g.normal(), g.normalConcat());
        CellDiagram.write(dir, "reduce", g.reduce(), g.reduceConcat());
    }
}

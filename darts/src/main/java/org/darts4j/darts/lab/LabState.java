package org.darts4j.darts.lab;

import org.darts4j.tensor.Backend;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.darts4j.darts.hypergradient.BilevelProblem;
import org.darts4j.darts.hypergradient.VirtualStep;
import org.darts4j.darts.search.SearchConfig;
import org.darts4j.darts.search.method.GumbelSample;
import org.darts4j.darts.search.method.SearchMethod;
import org.darts4j.darts.search.SearchData;
import org.darts4j.darts.search.SearchNetwork;
import org.darts4j.datasets.Batch;
import org.darts4j.datasets.DataLoader;
import org.darts4j.nn.checkpoint.Checkpoint;
import org.darts4j.nn.optim.Adam;
import org.darts4j.nn.optim.Optimizer;
import org.darts4j.nn.optim.Sgd;
import org.darts4j.tensor.DType;


/**
 * A network state to study: the supernet (from a search folder's last checkpoint, or freshly initialised), its weight
 * optimizer (momentum buffers, learning rate ξ as the next epoch would use it) and N pairs of batches (one of the w
 * half for L_train, one of the α half for L_val), drawn as the search's next epoch would draw them.
 */
public final class LabState {
    private final SearchConfig config;
    private final SearchNetwork net;
    private final Sgd sgd;
    private final List<Batch[]> batches;
    private final boolean classify;
    private final String description;

    private LabState(SearchConfig config, SearchNetwork net, Sgd sgd, List<Batch[]> batches, boolean classify, String description) {
        this.config = config;
        this.net = net;
        this.sgd = sgd;
        this.batches = batches;
        this.classify = classify;
        this.description = description;
    }

    /** The state after the last checkpoint of the search folder {@code dir}, in {@code dtype}; batches of {@code batchSize} (0: the search's). */
    public static LabState fromRun(Path dir, DType dtype, Backend device, int n, int batchSize, PrintStream log) throws IOException {
        SearchConfig c = SearchConfig.read(dir.resolve("config.json"));
        if (batchSize > 0) c = c.withBatchSize(batchSize);
        if (!Checkpoint.exists(dir)) throw new IOException(dir + ": no checkpoint to study (a search folder writes checkpoint.json after each epoch)");
        SearchData data = SearchData.load(c, log);
        SearchNetwork net = data.network(c, dtype, device);
        Sgd sgd = new Sgd(net.parameters(), c.w().lr(), c.w().momentum(), c.w().weightDecay(), c.w().nesterov());
        Adam adam = new Adam(net.alphas(), c.alpha().lr(), c.alpha().beta1(), c.alpha().beta2(), 1e-8, c.alpha().weightDecay());
        Checkpoint.Position p = Checkpoint.load(dir, net, Map.<String, Optimizer>of("w_optimizer", sgd, "alpha_optimizer", adam),
                net.architectureState(), Map.of(), log::println);
        double xi = c.schedule().of(c.w().lr(), c.epochs()).lr(Math.min(p.epochsDone(), c.epochs() - 1));
        if (c.method() instanceof SearchMethod.Gdas g) net.setTau(g.tau(Math.min(p.epochsDone(), c.epochs() - 1), c.epochs()));
        sgd.setLr(xi);
        return new LabState(c, net, sgd, draw(c, data, dtype, device, n, p.epochsDone()), data.classify(),
                dir + " after epoch " + p.epochsDone() + " of " + c.epochs());
    }

    /** A freshly initialised supernet of configuration {@code c} (no momentum yet; ξ the initial learning rate). */
    public static LabState fresh(SearchConfig c, DType dtype, Backend device, int n, PrintStream log) throws IOException {
        SearchData data = SearchData.load(c, log);
        SearchNetwork net = data.network(c, dtype, device);
        Sgd sgd = new Sgd(net.parameters(), c.w().lr(), c.w().momentum(), c.w().weightDecay(), c.w().nesterov());
        return new LabState(c, net, sgd, draw(c, data, dtype, device, n, 0), data.classify(), "a fresh supernet (seed " + c.seed() + ")");
    }

    private static List<Batch[]> draw(SearchConfig c, SearchData data, DType dtype, Backend device, int n, int epoch) {
        if (n < 1) throw new IllegalArgumentException("the number of batches must be at least 1, got " + n);
        List<Batch[]> out = new ArrayList<>();
        try (DataLoader w = data.loader(c, false, dtype, device); DataLoader a = data.loader(c, true, dtype, device);
             DataLoader.BatchIterator wi = w.epoch(epoch); DataLoader.BatchIterator ai = a.epoch(epoch)) {
            while (out.size() < n && wi.hasNext() && ai.hasNext()) out.add(new Batch[] {wi.next(), ai.next()});
        }
        if (out.size() < n) throw new IllegalArgumentException(n + " batches asked, but the search halves hold only " + out.size() + " of batch size " + c.batchSize());
        return out;
    }

    public SearchConfig config() { return config; }

    public SearchNetwork network() { return net; }

    public int batchCount() { return batches.size(); }

    public String description() { return description; }

    /** ξ: the weights' learning rate the architect would use now. */
    public double xi() { return sgd.lr(); }

    /**
     * L_train on the w batch i and L_val on the α batch i. For GDAS the problem is that of one Gumbel sample, the same
     * for every call with the same i (so that estimators compare on one sampled architecture), and the estimators
     * estimate the hypergradient of the straight-through surrogate.
     */
    public BilevelProblem problem(int i) {
        Batch[] b = batches.get(i);
        if (config.method() instanceof SearchMethod.Gdas) net.drawNoise(GumbelSample.stream(config.seed(), i, 3));
        return SearchData.problem(net, net.parameters(), b[0], b[1], classify);
    }

    /** The virtual step of the weight optimizer: ξ, its momentum with its buffers, its weight decay. */
    public VirtualStep step() {
        return VirtualStep.of(sgd);
    }
}

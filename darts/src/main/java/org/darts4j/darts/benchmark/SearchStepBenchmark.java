package org.darts4j.darts.benchmark;

import org.darts4j.tensor.Backend;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.darts4j.autograd.Variable;
import org.darts4j.darts.hypergradient.BilevelProblem;
import org.darts4j.darts.hypergradient.ExactHypergradient;
import org.darts4j.darts.hypergradient.FiniteDifferenceHypergradient;
import org.darts4j.darts.hypergradient.FirstOrderHypergradient;
import org.darts4j.darts.search.Architect;
import org.darts4j.darts.search.SearchData;
import org.darts4j.darts.search.SearchNetwork;
import org.darts4j.darts.search.method.SearchMethod;
import org.darts4j.datasets.Batch;
import org.darts4j.nn.optim.Adam;
import org.darts4j.nn.optim.GradClip;
import org.darts4j.nn.optim.Sgd;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.Recycling;
import org.darts4j.tensor.Tensor;

/**
 * The search step timed as {@code refbench/torch_darts.py time} times it (for DARTS, PC-DARTS or GDAS: {@link SearchMethod}): a supernet of C channels and {@code layers}
 * cells on random N(0, 1) images of {@code channels} x size x size and random labels of {@code classes} classes; a
 * weight step (forward, backward, clip to 5, SGD 0.025 with momentum 0.9 and weight decay 3e-4), a first-order
 * architecture step (∇_α L_val, Adam 3e-4), a second-order one (the reference's finite difference, r = 0.01) and the
 * exact one (double backpropagation); each the median over {@code steps} timed repetitions after one warm-up. A search
 * step is a weight step plus an architecture step.
 */
public final class SearchStepBenchmark {
    public record Setup(int c, int layers, int batch, int size, int channels, int classes, int threads, int steps, boolean firstOrderOnly, boolean exact, DType dtype, Backend device,
                        SearchMethod method) {
        /** The DARTS supernet. */
        public Setup(int c, int layers, int batch, int size, int channels, int classes, int threads, int steps, boolean firstOrderOnly, boolean exact, DType dtype,
                     Backend device) {
            this(c, layers, batch, size, channels, classes, threads, steps, firstOrderOnly, exact, dtype, device, new SearchMethod.Darts());
        }
    }

    private final Setup s;
    private final SearchNetwork net;
    private final Sgd sgd;
    private final BilevelProblem problem;

    public SearchStepBenchmark(Setup s) {
        this.s = s;
        Generator g = new Generator(0);
        net = new SearchNetwork(SearchNetwork.Config.of(s.channels(), s.size(), s.size(), s.classes(), s.c(), s.layers()), s.method(), g, s.dtype(), false).to(s.device());
        if (s.method() instanceof SearchMethod.Gdas) net.drawNoisePerForward(new Generator(1));   // a fresh sample per forward, as in a search
        sgd = new Sgd(net.parameters(), 0.025, 0.9, 3e-4, false);
        Tensor xTrain = Tensor.normal(g, s.dtype(), 0, 1, s.batch(), s.channels(), s.size(), s.size()).to(s.device());
        Tensor xVal = Tensor.normal(g, s.dtype(), 0, 1, s.batch(), s.channels(), s.size(), s.size()).to(s.device());
        int[] yTrain = new int[s.batch()], yVal = new int[s.batch()], indices = new int[s.batch()];
        for (int i = 0; i < s.batch(); i++) {
            yTrain[i] = g.nextInt(s.classes());
            yVal[i] = g.nextInt(s.classes());
            indices[i] = i;
        }
        problem = SearchData.problem(net, net.parameters(), new Batch(xTrain, yTrain, null, indices), new Batch(xVal, yVal, null, indices), true);
    }

    private void weightStep() {
        sgd.zeroGrad();
        try (Recycling step = Recycling.openStep()) {   // as SearchStep: intermediate values go back as backward consumes them
            problem.trainLoss().backward();
        }
        GradClip.clipNorm(net.parameters(), 5);
        sgd.step();
        net.alphas().forEach(Variable::zeroGrad);
    }

    private double median(Runnable step) { return Timing.median(step, s.steps(), s.device()); }

    private Runnable archStep(Architect a) { return () -> a.step(problem); }

    private Architect architect(org.darts4j.darts.hypergradient.HypergradientEstimator e) {
        return new Architect(e, new Adam(net.alphas(), 3e-4, 0.5, 0.999, 1e-8, 1e-3), sgd);
    }

    /** The measurements, in the peer's keys (seconds), plus the exact hypergradient and peak memory. */
    public Map<String, Object> run() throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("engine", "darts4j-0.1.0");
        out.put("method", s.method().label());
        out.put("threads", s.threads());
        out.put("C", s.c());
        out.put("layers", s.layers());
        out.put("batch", s.batch());
        out.put("size", s.size());
        out.put("channels", s.channels());
        out.put("dtype", s.dtype().toString());
        out.put("device", s.device().describe());
        out.put("params", net.parameterCount());
        double w = median(this::weightStep), f1 = median(archStep(architect(new FirstOrderHypergradient())));
        out.put("weight_step_s", w);
        out.put("arch_step_first_order_s", f1);
        out.put("search_step_first_order_s", w + f1);
        if (!s.firstOrderOnly()) {
            double f2 = median(archStep(architect(new FiniteDifferenceHypergradient(0.01))));
            out.put("arch_step_second_order_s", f2);
            out.put("search_step_second_order_s", w + f2);
        }
        if (!s.firstOrderOnly() && s.exact()) {
            double ex = median(archStep(architect(new ExactHypergradient())));
            out.put("arch_step_exact_s", ex);
            out.put("search_step_exact_s", w + ex);
        }
        out.put("peak_rss_mib", Timing.peakResidentMiB());
        if (s.device().peakBytesInUse() >= 0) out.put("device_peak_mib", s.device().peakBytesInUse() / 1048576.0);
        out.put("max_heap_mib", Runtime.getRuntime().maxMemory() / 1048576);
        return out;
    }


}

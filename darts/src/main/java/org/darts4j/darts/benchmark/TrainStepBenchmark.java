package org.darts4j.darts.benchmark;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.darts4j.autograd.F;
import org.darts4j.autograd.GradMode;
import org.darts4j.autograd.Variable;
import org.darts4j.darts.evaluation.EvalNetwork;
import org.darts4j.darts.genotype.Genotype;
import org.darts4j.nn.Module;
import org.darts4j.nn.optim.Sgd;
import org.darts4j.nn.resnet.ResNet;
import org.darts4j.tensor.Backend;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.Recycling;
import org.darts4j.tensor.Tensor;

/**
 * The retraining step timed as {@code bench/peers/torch_train_step.py} times it: ResNet-20 (option A shortcuts) or the
 * evaluation network of a genotype, on random N(0, 1) images of {@code channels} x size x size and random labels; one
 * SGD step (zero the gradients, forward, L = CE(logits) [+ w_aux·CE(logits_aux)], backward, SGD 0.025 with momentum
 * 0.9 and weight decay 3e-4; no clipping, no drop path) and one inference pass (evaluation mode, no graph), each the
 * median over {@code steps} timed repetitions after one warm-up.
 */
public final class TrainStepBenchmark {
    /** The model: {@code resnet20}, or {@code darts} with a genotype, C, cells and the auxiliary head's weight (0: none). */
    public record Setup(String model, String genotype, int c, int layers, double auxiliaryWeight, int batch, int size, int channels, int classes,
                        int threads, int steps, DType dtype, Backend device) {}

    private final Setup s;
    private final Module net;
    private final Sgd sgd;
    private final Tensor x;
    private final int[] y;

    public TrainStepBenchmark(Setup s) throws IOException {
        this.s = s;
        Generator g = new Generator(0);
        net = switch (s.model()) {
            case "resnet20" -> ResNet.cifar(20, s.channels(), s.classes(), g, s.dtype());
            case "darts" -> new EvalNetwork(Genotype.resolve(s.genotype()),
                    new EvalNetwork.Config(s.channels(), s.size(), s.size(), s.classes(), s.c(), s.layers(), s.auxiliaryWeight() > 0), g, s.dtype());
            default -> throw new IllegalArgumentException("--model " + s.model() + ": expected resnet20 or darts");
        };
        net.to(s.device());
        sgd = new Sgd(net.parameters(), 0.025, 0.9, 3e-4, false);
        x = Tensor.normal(g, s.dtype(), 0, 1, s.batch(), s.channels(), s.size(), s.size()).to(s.device());
        y = new int[s.batch()];
        for (int i = 0; i < s.batch(); i++) y[i] = g.nextInt(s.classes());
    }

    private void trainStep() {
        sgd.zeroGrad();
        try (Recycling step = Recycling.openStep()) {   // as Trainer: intermediate values go back as backward consumes them
            Variable in = Variable.constant(x), loss;
            if (net instanceof EvalNetwork n) {
                EvalNetwork.Outputs o = n.forwardWithAuxiliary(in);
                loss = F.crossEntropy(o.logits(), y);
                if (o.auxiliary() != null) loss = loss.add(F.crossEntropy(o.auxiliary(), y).mul(s.auxiliaryWeight()));
            } else loss = F.crossEntropy(net.forward(in), y);
            loss.backward();
        }
        sgd.step();
    }

    private void inference() {
        try (var mode = GradMode.noGrad()) {
            net.forward(Variable.constant(x)).data().toDoubleArray();
        }
    }

    private double median(Runnable step) { return Timing.median(step, s.steps(), s.device()); }

    /** The measurements in the peer's keys. */
    public Map<String, Object> run() throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("engine", "darts4j-0.1.0");
        out.put("threads", s.threads());
        out.put("model", s.model());
        if (s.model().equals("darts")) {
            out.put("genotype", s.genotype());
            out.put("C", s.c());
            out.put("layers", s.layers());
            out.put("auxiliary_weight", s.auxiliaryWeight());
        }
        out.put("batch", s.batch());
        out.put("size", s.size());
        out.put("channels", s.channels());
        out.put("dtype", s.dtype().toString());
        out.put("device", s.device().describe());
        out.put("params", net instanceof EvalNetwork n ? n.inferenceParameterCount() : net.parameterCount());
        net.train();
        double train = median(this::trainStep);
        net.eval();
        double infer = median(this::inference);
        out.put("train_step_s", train);
        out.put("train_images_per_s", s.batch() / train);
        out.put("inference_batch_s", infer);
        out.put("inference_images_per_s", s.batch() / infer);
        out.put("peak_rss_mib", Timing.peakResidentMiB());
        return out;
    }
}

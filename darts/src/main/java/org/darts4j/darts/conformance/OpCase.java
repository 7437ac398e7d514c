package org.darts4j.darts.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.darts4j.autograd.Autograd;
import org.darts4j.autograd.F;
import org.darts4j.autograd.Variable;
import org.darts4j.tensor.Backend;
import org.darts4j.tensor.ConvParams;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.PoolParams;
import org.darts4j.tensor.Tensor;
import org.darts4j.tensor.io.NpyArray;

/**
 * A case of kind {@code op}: one operation's forward value and the gradients of {@code sum(out · grad_out)} with
 * respect to each input, against PyTorch's.
 */
final class OpCase {
    private final String name;
    private final JsonNode spec;
    private final Map<String, NpyArray> arrays;
    private final DType dtype;
    private final Backend backend;

    OpCase(String name, JsonNode spec, Map<String, NpyArray> arrays, DType dtype, Backend backend) {
        this.name = name;
        this.spec = spec;
        this.arrays = arrays;
        this.dtype = dtype;
        this.backend = backend;
    }

    /** The operations this runner knows, as the conformance README names them. */
    static final List<String> OPS = List.of("conv2d", "max_pool2d", "avg_pool2d", "global_avg_pool2d", "batch_norm2d", "relu",
            "linear", "softmax", "log_softmax", "cross_entropy", "mse_loss", "cat", "slice2d");

    CaseResult run() {
        String op = spec.path("op").asText();
        if (!OPS.contains(op)) return new CaseResult(name, CaseResult.Status.SKIP, 0, "operation '" + op + "' is not implemented");
        Tolerance tol = Tolerance.of(dtype, spec.path("rtol").asDouble(1e-10), spec.path("atol").asDouble(1e-10));
        JsonNode attrs = spec.path("attrs");
        List<Variable> inputs = new ArrayList<>();
        for (JsonNode in : spec.path("inputs")) inputs.add(Variable.parameter(tensor(in.asText())));
        Tensor runningMean = null, runningVar = null;
        if (op.equals("batch_norm2d") && attrs.path("training").asBoolean() && arrays.containsKey("running_mean_before")) {
            runningMean = tensor("running_mean_before");
            runningVar = tensor("running_var_before");
        }
        Variable out = forward(op, attrs, inputs, runningMean, runningVar);
        List<Variable> grads = Autograd.grad(List.of(out), inputs, List.of(Variable.constant(tensor("grad_out"))), false);

        double worst = 0;
        List<String[]> checks = new ArrayList<>();
        checks.add(new String[] {"out", null});
        for (int i = 0; i < inputs.size(); i++) checks.add(new String[] {"grad_" + spec.path("inputs").get(i).asText(), String.valueOf(i)});
        for (String[] c : checks) {
            if (!arrays.containsKey(c[0])) continue;
            Tensor got = c[1] == null ? out.data() : grads.get(Integer.parseInt(c[1])).data();
            String failure = compare(c[0], got, tol);
            worst = Math.max(worst, lastError);
            if (failure != null) return new CaseResult(name, CaseResult.Status.FAIL, worst, failure);
        }
        if (runningMean != null) {
            for (Object[] c : new Object[][] {{"running_mean_after", runningMean}, {"running_var_after", runningVar}}) {
                String failure = compare((String) c[0], (Tensor) c[1], tol);
                worst = Math.max(worst, lastError);
                if (failure != null) return new CaseResult(name, CaseResult.Status.FAIL, worst, failure);
            }
        }
        return new CaseResult(name, CaseResult.Status.PASS, worst, "");
    }

    private double lastError;

    /** Null when {@code got} matches the array {@code key}; else what differs. */
    private String compare(String key, Tensor got, Tolerance tol) {
        NpyArray want = arrays.get(key);
        if (got.backend() != backend) {
            lastError = Double.POSITIVE_INFINITY;
            return key + ": computed on " + got.device() + ", not on " + backend.device();
        }
        if (!got.shape().equals(want.shape())) {
            lastError = Double.POSITIVE_INFINITY;
            return key + ": shape " + got.shape() + ", expected " + want.shape();
        }
        double[] g = got.to(DType.FLOAT64).toDoubleArray(), e = want.values();
        Tolerance.Comparison c = tol.compare(g, e);
        lastError = c.maxError();
        return c.firstBad() < 0 ? null : key + "[" + c.firstBad() + "]: got " + g[c.firstBad()] + ", expected " + e[c.firstBad()];
    }

    private Tensor tensor(String key) {
        NpyArray a = arrays.get(key);
        if (a == null) throw new IllegalArgumentException("case " + name + ": array '" + key + "' is missing from its NPZ");
        return a.toTensor(dtype).to(backend);
    }

    private Variable forward(String op, JsonNode attrs, List<Variable> in, Tensor runningMean, Tensor runningVar) {
        Variable x = in.get(0);
        return switch (op) {
            case "conv2d" -> F.conv2d(x, in.get(1), in.size() > 2 ? in.get(2) : null, ConvParams.of(attrs.path("stride").asInt(1),
                    attrs.path("padding").asInt(0), attrs.path("dilation").asInt(1), attrs.path("groups").asInt(1)));
            case "max_pool2d" -> F.maxPool2d(x, pool(attrs, true));
            case "avg_pool2d" -> F.avgPool2d(x, pool(attrs, attrs.path("count_include_pad").asBoolean(true)));
            case "global_avg_pool2d" -> F.globalAvgPool2d(x);
            case "batch_norm2d" -> {
                boolean training = attrs.path("training").asBoolean();
                Tensor rm = runningMean, rv = runningVar;
                if (!training) {
                    rm = vector(attrs.path("running_mean"));
                    rv = vector(attrs.path("running_var"));
                }
                yield F.batchNorm2d(x, in.size() > 1 ? in.get(1) : null, in.size() > 2 ? in.get(2) : null, rm, rv, training,
                        attrs.path("momentum").asDouble(0.1), attrs.path("eps").asDouble(1e-5));
            }
            case "relu" -> F.relu(x);
            case "linear" -> F.linear(x, in.get(1), in.size() > 2 ? in.get(2) : null);
            case "softmax" -> F.softmax(x, attrs.path("dim").asInt(-1));
            case "log_softmax" -> F.logSoftmax(x, attrs.path("dim").asInt(-1));
            case "cross_entropy" -> {
                JsonNode t = attrs.path("target");
                int[] target = new int[t.size()];
                for (int i = 0; i < target.length; i++) target[i] = t.get(i).asInt();
                yield F.crossEntropy(x, target);
            }
            case "mse_loss" -> {
                JsonNode ts = attrs.path("target_shape");
                int[] shape = new int[ts.size()];
                for (int i = 0; i < shape.length; i++) shape[i] = ts.get(i).asInt();
                yield F.mseLoss(x, Variable.constant(vector(attrs.path("target")).reshape(shape)));
            }
            case "cat" -> Variable.cat(in, attrs.path("dim").asInt());
            case "slice2d" -> {
                int step = attrs.path("step").asInt(1);
                yield x.slice(2, attrs.path("start_h").asInt(0), x.size(2), step).slice(3, attrs.path("start_w").asInt(0), x.size(3), step);
            }
            default -> throw new IllegalStateException("unreachable: " + op);
        };
    }

    private static PoolParams pool(JsonNode attrs, boolean countIncludePad) {
        int k = attrs.path("kernel").asInt();
        return PoolParams.of(k, attrs.path("stride").asInt(k), attrs.path("padding").asInt(0), countIncludePad);
    }

    private Tensor vector(JsonNode values) {
        double[] d = new double[values.size()];
        for (int i = 0; i < d.length; i++) d[i] = values.get(i).asDouble();
        return Tensor.fromArray(dtype, d, d.length).to(backend);
    }
}

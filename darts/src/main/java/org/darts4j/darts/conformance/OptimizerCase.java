package org.darts4j.darts.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.darts4j.autograd.Variable;
import org.darts4j.nn.optim.Adam;
import org.darts4j.nn.optim.Optimizer;
import org.darts4j.nn.optim.Sgd;
import org.darts4j.tensor.Backend;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Tensor;
import org.darts4j.tensor.io.NpyArray;

/** A case of kind {@code optimizer}: feed {@code grads[t]} for T steps from {@code w0}; compare with {@code trajectory[t]}. */
final class OptimizerCase {
    private OptimizerCase() {}

    static CaseResult run(String name, JsonNode spec, Map<String, NpyArray> arrays, DType dtype, Backend backend) {
        Tolerance tol = Tolerance.of(dtype, spec.path("rtol").asDouble(1e-12), spec.path("atol").asDouble(1e-12));
        JsonNode a = spec.path("attrs");
        Variable w = Variable.parameter(arrays.get("w0").toTensor(dtype).to(backend));
        Tensor grads = arrays.get("grads").toTensor(dtype).to(backend), traj = arrays.get("trajectory").toTensor(dtype).to(backend);
        String kind = spec.path("optimizer").asText(a.path("type").asText());
        Optimizer opt = switch (kind) {
            case "sgd" -> new Sgd(List.of(w), a.path("lr").asDouble(), a.path("momentum").asDouble(0), a.path("weight_decay").asDouble(0),
                    a.path("nesterov").asBoolean(false));
            case "adam" -> new Adam(List.of(w), a.path("lr").asDouble(), a.path("beta1").asDouble(0.9), a.path("beta2").asDouble(0.999),
                    a.path("eps").asDouble(1e-8), a.path("weight_decay").asDouble(0));
            default -> null;
        };
        if (opt == null) return new CaseResult(name, CaseResult.Status.SKIP, 0, "optimizer '" + kind + "' is not implemented");
        double worst = 0;
        for (int t = 0; t < grads.size(0); t++) {
            w.setGrad(Variable.constant(grads.slice(0, t, t + 1, 1).reshape(w.shape()).contiguous()));
            opt.step();
            if (w.data().backend() != backend)
                return new CaseResult(name, CaseResult.Status.FAIL, worst, "step " + (t + 1) + ": w moved to " + w.data().device() + " from " + backend.device());
            double[] got = w.data().to(DType.FLOAT64).toDoubleArray();
            double[] want = traj.slice(0, t, t + 1, 1).to(DType.FLOAT64).toDoubleArray();
            Tolerance.Comparison c = tol.compare(got, want);
            worst = Math.max(worst, c.maxError());
            if (c.firstBad() >= 0)
                return new CaseResult(name, CaseResult.Status.FAIL, worst, "step " + (t + 1) + " element " + c.firstBad() + ": got "
                        + got[c.firstBad()] + ", expected " + want[c.firstBad()]);
        }
        return new CaseResult(name, CaseResult.Status.PASS, worst, "");
    }
}

package org.darts4j.darts.conformance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.darts4j.autograd.Autograd;
import org.darts4j.autograd.F;
import org.darts4j.autograd.Variable;
import org.darts4j.darts.evaluation.EvalNetwork;
import org.darts4j.darts.genotype.Genotype;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.Tensor;

/**
 * A case of kind {@code darts_network}: one training step of the evaluation network of a genotype (the reference's
 * {@code NetworkCIFAR}) with the case's weights and running statistics: the training-mode logits and auxiliary
 * logits, loss = CE(logits, y) + w_aux·CE(logits_aux, y), its gradient in every weight, the running statistics after
 * that forward, then the evaluation-mode logits with those statistics.
 */
final class NetworkCase {
    private NetworkCase() {}

    static CaseResult run(String name, CaseData d) {
        var s = d.spec;
        Checks checks = new Checks(d.arrays, Tolerance.of(d.dtype, s.path("rtol").asDouble(1e-8), s.path("atol").asDouble(1e-9), Tolerance.FLOAT32_NETWORK_RTOL), d.backend);
        if (s.path("drop_path_prob").asDouble(0) != 0) checks.fail("drop_path_prob " + s.path("drop_path_prob").asDouble() + ": the cases define drop path off (0)");
        if (s.path("bn_momentum").asDouble(0.1) != 0.1 || s.path("bn_eps").asDouble(1e-5) != 1e-5)
            checks.fail("bn_momentum " + s.path("bn_momentum") + ", bn_eps " + s.path("bn_eps") + ": the evaluation network uses the reference's 0.1 and 1e-5");
        Genotype genotype = Genotype.parse(s.path("genotype").asText());
        boolean aux = s.path("auxiliary").asBoolean();
        EvalNetwork net = new EvalNetwork(genotype, new EvalNetwork.Config(s.path("in_channels").asInt(), s.path("height").asInt(), s.path("width").asInt(),
                s.path("num_classes").asInt(), s.path("C").asInt(), s.path("layers").asInt(), aux), new Generator(0), d.dtype);
        net.to(d.backend);
        List<String> params = d.strings("params"), buffers = d.strings("buffers");
        String why = CaseData.namesDiffer("parameter", net.namedParameters().keySet(), params);
        Set<String> ourBuffers = new TreeSet<>(net.namedBuffers().keySet());
        ourBuffers.removeIf(b -> b.endsWith("num_batches_tracked"));
        if (why == null) why = CaseData.namesDiffer("buffer", ourBuffers, buffers);
        if (why != null) { checks.fail(why); return checks.result(name); }
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (String n : params) state.put(n, d.tensor("param." + n));
        for (String n : buffers) state.put(n, d.tensor("buffer." + n));
        net.loadStateDict(state, false);

        Tensor x = d.tensor("x");
        int[] y = d.labels("y");
        net.train();
        EvalNetwork.Outputs o = net.forwardWithAuxiliary(Variable.constant(x));
        checks.compare("expect.logits", o.logits().data());
        Variable loss = F.crossEntropy(o.logits(), y);
        if (aux) {
            if (o.auxiliary() == null) checks.fail("the network has no auxiliary output in training mode");
            else {
                checks.compare("expect.logits_aux", o.auxiliary().data());
                loss = loss.add(F.crossEntropy(o.auxiliary(), y).mul(s.path("auxiliary_weight").asDouble(0.4)));
            }
        }
        checks.compare("expect.loss", loss.data());
        Map<String, Variable> named = net.namedParameters();
        List<Variable> grads = Autograd.grad(loss, params.stream().map(named::get).toList(), false);
        for (int i = 0; i < params.size(); i++) checks.compare("expect.grad." + params.get(i), grads.get(i).data());
        Map<String, Tensor> ourBufs = net.namedBuffers();
        for (String n : buffers) checks.compare("expect.buffer." + n, ourBufs.get(n));
        net.eval();
        checks.compare("expect.logits_eval", net.forward(Variable.constant(x)).data());
        return checks.result(name);
    }
}

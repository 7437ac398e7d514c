package org.darts4j.darts.conformance;

import java.util.List;
import org.darts4j.autograd.Variable;
import org.darts4j.darts.hypergradient.FirstOrderHypergradient;
import org.darts4j.darts.hypergradient.Hypergradient;
import org.darts4j.darts.hypergradient.VirtualStep;
import org.darts4j.darts.search.SearchNetwork;
import org.darts4j.darts.search.method.SearchMethod;

/**
 * A case of kind {@code pcdarts_supernet}: the authors' PC-DARTS search network (partial channels K, edge
 * normalisation β) with the case's weights, α and β, against their logits, training loss, gradients of the weights,
 * α and β, the first-order architecture gradients on the validation batch, and the genotype they derive.
 */
final class PcDartsCase {
    private PcDartsCase() {}

    static CaseResult run(String name, CaseData d) {
        Checks checks = new Checks(d.arrays, Tolerance.of(d.dtype, d.spec.path("rtol").asDouble(1e-8), d.spec.path("atol").asDouble(1e-10)), d.backend);
        SearchNetwork net = DartsCase.network(d, new SearchMethod.PcDarts(d.spec.path("partial_channels").asInt(4), true), checks);
        if (net == null) return checks.result(name);
        int[] yt = d.labels("y_train");
        List<Variable> g = DartsCase.checkTrainingStep(checks, net, d, d.tensor("x_train"), yt);
        String[] arch = {"alpha_grad_normal", "alpha_grad_reduce", "beta_grad_normal", "beta_grad_reduce"};
        for (int i = 0; i < arch.length; i++) checks.compare("expect.train_" + arch[i], g.get(i).data());

        Hypergradient first = new FirstOrderHypergradient().estimate(DartsCase.problem(net, d.tensor("x_train"), yt, d.tensor("x_val"), d.labels("y_val")),
                new VirtualStep(0, 0, 0, null));
        String[] hyper = {"alpha_normal", "alpha_reduce", "beta_normal", "beta_reduce"};
        for (int i = 0; i < hyper.length; i++) checks.compare("expect.hyper_first_order_" + hyper[i], first.alphaGrads().get(i));
        if (d.spec.has("genotype")) DartsCase.checkGenotype(checks, net, DartsCase.config(d).multiplier(), CaseData.genotype(d.spec.path("genotype")));
        return checks.result(name);
    }
}

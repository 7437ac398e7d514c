package org.darts4j.darts.conformance;

import java.util.List;
import org.darts4j.autograd.Variable;
import org.darts4j.darts.search.SearchNetwork;
import org.darts4j.darts.search.method.GumbelSample;
import org.darts4j.darts.search.method.SearchMethod;

/**
 * A case of kind {@code gdas_supernet}: the DARTS supernet whose edges are GDAS' hard Gumbel-softmax edges (the
 * authors' DARTS-space form: only the sampled operation runs, scaled by its straight-through hard weight), with the
 * case's weights, α, Gumbel noise and τ, against their sampled operations and hard weights, logits, training loss,
 * weight gradients (zero for every operation no edge sampled), α gradients and the genotype they derive.
 */
final class GdasCase {
    private GdasCase() {}

    static CaseResult run(String name, CaseData d) {
        Checks checks = new Checks(d.arrays, Tolerance.of(d.dtype, d.spec.path("rtol").asDouble(1e-8), d.spec.path("atol").asDouble(1e-10)), d.backend);
        double tau = d.spec.path("tau").asDouble();
        SearchNetwork net = DartsCase.network(d, new SearchMethod.Gdas(tau, tau), checks);
        if (net == null) return checks.result(name);
        net.setTau(tau);
        net.setNoise(d.tensor("gumbel_normal"), d.tensor("gumbel_reduce"));
        String[] types = {"normal", "reduce"};
        for (int t = 0; t < 2; t++) {
            GumbelSample s = GumbelSample.of(net.alphas().get(t), d.tensor("gumbel_" + types[t]), tau);
            int[] want = d.labels("expect.index_" + types[t]);
            if (!java.util.Arrays.equals(s.index(), want))
                checks.fail("expect.index_" + types[t] + ": sampled " + java.util.Arrays.toString(s.index()) + ", expected " + java.util.Arrays.toString(want));
            checks.compare("expect.hardwts_" + types[t], s.hard().data());
        }
        List<Variable> g = DartsCase.checkTrainingStep(checks, net, d, d.tensor("x_train"), d.labels("y_train"));
        checks.compare("expect.train_alpha_grad_normal", g.get(0).data());
        checks.compare("expect.train_alpha_grad_reduce", g.get(1).data());
        if (d.spec.has("genotype")) DartsCase.checkGenotype(checks, net, DartsCase.config(d).multiplier(), CaseData.genotype(d.spec.path("genotype")));
        return checks.result(name);
    }

}

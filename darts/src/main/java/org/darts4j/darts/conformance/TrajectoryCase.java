package org.darts4j.darts.conformance;

import java.util.List;
import java.util.Map;
import org.darts4j.autograd.F;
import org.darts4j.autograd.Variable;
import org.darts4j.darts.hypergradient.FiniteDifferenceHypergradient;
import org.darts4j.darts.hypergradient.FirstOrderHypergradient;
import org.darts4j.darts.hypergradient.HypergradientEstimator;
import org.darts4j.darts.search.Architect;
import org.darts4j.darts.search.SearchNetwork;
import org.darts4j.darts.search.SearchStep;
import org.darts4j.nn.optim.Adam;
import org.darts4j.nn.optim.Sgd;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Tensor;

/**
 * A case of kind {@code darts_search_trajectory}: T iterations of the reference search loop on the supernet, through
 * {@link SearchStep} (the path {@code search} takes) with fresh optimizers: the α-gradient applied and α after every
 * architecture step, L_train and the unclipped ‖∇w L_train‖₂ of every weight step, and at the end the weights, the SGD
 * momentum buffers and the genotype.
 *
 * <p>In float32 only the first step is compared (at {@link Tolerance#FLOAT32_TRAJECTORY_RTOL}), and the later steps
 * must stay finite: PyTorch's own float32 run of the public first-order case departs from its float64 run by 35% of
 * α's scale at step 2 and 100% of the α-gradient's at step 4 (Adam's first steps are nearly ±lr whatever the size of
 * a gradient entry, so rounding flips the sign of near-zero entries' steps), so no tolerance makes a later float32 step
 * a test. Measured in conformance/README.md.
 */
final class TrajectoryCase {
    private TrajectoryCase() {}

    static CaseResult run(String name, CaseData d) {
        var s = d.spec;
        Checks checks = new Checks(d.arrays, Tolerance.of(d.dtype, s.path("rtol").asDouble(1e-7), s.path("atol").asDouble(1e-9), Tolerance.FLOAT32_TRAJECTORY_RTOL), d.backend);
        SearchNetwork net = DartsCase.network(d, checks);
        if (net == null) return checks.result(name);
        List<Variable> weights = net.parameters();
        Sgd sgd = new Sgd(weights, s.path("lr").asDouble(), s.path("momentum").asDouble(), s.path("weight_decay").asDouble(), false);
        Adam adam = new Adam(net.alphas(), s.path("arch_lr").asDouble(), s.path("arch_betas").get(0).asDouble(), s.path("arch_betas").get(1).asDouble(),
                s.path("arch_eps").asDouble(1e-8), s.path("arch_weight_decay").asDouble());
        HypergradientEstimator estimator = s.path("unrolled").asBoolean() ? new FiniteDifferenceHypergradient(s.path("fd_r").asDouble(0.01))
                : new FirstOrderHypergradient();
        Architect architect = new Architect(estimator, adam, sgd);
        double clip = s.path("grad_clip").asDouble();
        int steps = s.path("T").asInt();
        boolean exact = d.dtype == DType.FLOAT64;
        for (int t = 0; t < steps; t++) {
            Tensor xt = d.tensor("x_train", t), xv = d.tensor("x_val", t);
            int[] yt = d.labels("y_train", t), yv = d.labels("y_val", t);
            SearchStep.Outcome o;
            try {
                o = SearchStep.run(architect, sgd, clip, DartsCase.problem(net, xt, yt, xv, yv), () -> net.forward(Variable.constant(xt)), out -> F.crossEntropy(out, yt));
            } catch (SearchStep.NonFiniteLoss e) {
                checks.fail("step " + (t + 1) + ": " + e.getMessage());
                return checks.result(name);
            }
            if (!exact && t > 0) {
                if (!Double.isFinite(o.trainLoss())) checks.fail("step " + (t + 1) + ": loss " + o.trainLoss());
                continue;
            }
            checks.compare("expect.alpha_grad_normal", t, o.hypergradient().alphaGrads().get(0));
            checks.compare("expect.alpha_grad_reduce", t, o.hypergradient().alphaGrads().get(1));
            checks.compare("expect.alpha_normal", t, net.alphaNormal().data());
            checks.compare("expect.alpha_reduce", t, net.alphaReduce().data());
            checks.compare("expect.loss_train", t, Tensor.scalar(d.dtype, o.trainLoss()).to(d.backend));
            checks.compare("expect.grad_norm", t, o.gradNorm());
        }
        if (!exact) return checks.result(name);
        Map<String, Variable> named = net.namedParameters();
        int i = 0;
        for (String n : named.keySet()) {
            checks.compare("expect.param." + n, named.get(n).data());
            Tensor b = sgd.momentumBuffer(i++);
            checks.compare("expect.momentum." + n, b == null ? Tensor.zerosLike(named.get(n).data()) : b);
        }
        if (s.has("expect.genotype")) DartsCase.checkGenotype(checks, net, DartsCase.config(d).multiplier(), CaseData.genotype(s.path("expect.genotype")));
        return checks.result(name);
    }
}

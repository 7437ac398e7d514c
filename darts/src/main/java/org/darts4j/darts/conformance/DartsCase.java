package org.darts4j.darts.conformance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.darts4j.autograd.Autograd;
import org.darts4j.autograd.F;
import org.darts4j.autograd.Variable;
import org.darts4j.darts.genotype.Genotype;
import org.darts4j.darts.hypergradient.BilevelProblem;
import org.darts4j.darts.hypergradient.ExactHypergradient;
import org.darts4j.darts.hypergradient.FiniteDifferenceHypergradient;
import org.darts4j.darts.hypergradient.FirstOrderHypergradient;
import org.darts4j.darts.hypergradient.Hypergradient;
import org.darts4j.darts.hypergradient.VirtualStep;
import org.darts4j.darts.search.SearchNetwork;
import org.darts4j.darts.search.method.SearchMethod;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.Tensor;

/**
 * A case of kind {@code darts_supernet}: the reference search network of the case's configuration with the case's
 * weights and α, against the reference's logits, training loss, weight gradients, α-gradients of the training loss,
 * the three hypergradients, the unrolled validation loss and the derived genotype.
 */
final class DartsCase {
    private DartsCase() {}

    /** The reference search network of a {@code darts_supernet} or {@code darts_search_trajectory} case. */
    static SearchNetwork.Config config(CaseData d) {
        var s = d.spec;
        return new SearchNetwork.Config(s.path("in_channels").asInt(), s.path("height").asInt(), s.path("width").asInt(),
                s.path("num_classes").asInt(), s.path("C").asInt(), s.path("layers").asInt(), s.path("steps").asInt(4),
                s.path("multiplier").asInt(4), s.path("stem_multiplier").asInt(3));
    }

    /** That network with the case's {@code param.*} weights and α loaded; null (and a failure in checks) when names differ. */
    static SearchNetwork network(CaseData d, Checks checks) { return network(d, new SearchMethod.Darts(), checks); }

    /** The supernet of {@code method} with the case's weights and α (and β where the method has it). */
    static SearchNetwork network(CaseData d, SearchMethod method, Checks checks) {
        String why = d.primitivesDiffer();
        if (why != null) { checks.fail(why); return null; }
        SearchNetwork net = new SearchNetwork(config(d), method, new Generator(0), d.dtype, false).to(d.backend);
        List<String> names = d.strings("params");
        why = CaseData.namesDiffer("parameter", net.namedParameters().keySet(), names);
        if (why != null) { checks.fail(why); return null; }
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (String n : names) state.put(n, d.tensor("param." + n));
        net.loadStateDict(state, false);
        net.alphaNormal().setData(d.tensor("alpha_normal"));
        net.alphaReduce().setData(d.tensor("alpha_reduce"));
        if (net.betaNormal() != null) {
            net.betaNormal().setData(d.tensor("beta_normal"));
            net.betaReduce().setData(d.tensor("beta_reduce"));
        }
        return net;
    }

    /** L_train and L_val, mean cross-entropy of the supernet on one training and one validation batch. */
    static BilevelProblem problem(SearchNetwork net, Tensor xt, int[] yt, Tensor xv, int[] yv) {
        List<Variable> weights = net.parameters();
        return new BilevelProblem() {
            @Override public List<Variable> weights() { return weights; }
            @Override public List<Variable> alphas() { return net.alphas(); }
            @Override public Variable trainLoss() { return F.crossEntropy(net.forward(Variable.constant(xt)), yt); }
            @Override public Variable valLoss() { return F.crossEntropy(net.forward(Variable.constant(xv)), yv); }
        };
    }

    static CaseResult run(String name, CaseData d) {
        Checks checks = new Checks(d.arrays, Tolerance.of(d.dtype, d.spec.path("rtol").asDouble(1e-8), d.spec.path("atol").asDouble(1e-10)), d.backend);
        SearchNetwork net = network(d, checks);
        if (net == null) return checks.result(name);
        List<String> names = d.strings("params");
        Tensor xt = d.tensor("x_train"), xv = d.tensor("x_val");
        int[] yt = d.labels("y_train"), yv = d.labels("y_val");
        BilevelProblem problem = problem(net, xt, yt, xv, yv);

        List<Variable> g = checkTrainingStep(checks, net, d, xt, yt);
        checks.compare("expect.train_alpha_grad_normal", g.get(0).data());
        checks.compare("expect.train_alpha_grad_reduce", g.get(1).data());

        List<Tensor> momentum = new ArrayList<>();
        for (String n : names) momentum.add(d.arrays.containsKey("momentum." + n) ? d.tensor("momentum." + n) : null);
        VirtualStep step = new VirtualStep(d.spec.path("eta").asDouble(), d.spec.path("momentum").asDouble(), d.spec.path("weight_decay").asDouble(), momentum);
        Hypergradient first = new FirstOrderHypergradient().estimate(problem, step);
        checks.compare("expect.hyper_first_order_normal", first.alphaGrads().get(0));
        checks.compare("expect.hyper_first_order_reduce", first.alphaGrads().get(1));
        Hypergradient exact = new ExactHypergradient().estimate(problem, step);
        checks.compare("expect.hyper_second_order_exact_normal", exact.alphaGrads().get(0));
        checks.compare("expect.hyper_second_order_exact_reduce", exact.alphaGrads().get(1));
        checks.compare("expect.loss_val_unrolled", Tensor.scalar(d.dtype, exact.valLoss()).to(d.backend));
        Hypergradient fd = new FiniteDifferenceHypergradient(d.spec.path("fd_r").asDouble(0.01)).estimate(problem, step);
        checks.compare("expect.hyper_second_order_fd_normal", fd.alphaGrads().get(0));
        checks.compare("expect.hyper_second_order_fd_reduce", fd.alphaGrads().get(1));

        if (d.spec.has("genotype")) checkGenotype(checks, net, config(d).multiplier(), CaseData.genotype(d.spec.path("genotype")));
        return checks.result(name);
    }

    /**
     * The training-mode forward and backward on the training batch: logits, L_train and every weight gradient against
     * the case's; returns the gradients of L_train with respect to the architecture ({@link SearchNetwork#alphas()}).
     */
    static List<Variable> checkTrainingStep(Checks checks, SearchNetwork net, CaseData d, Tensor xt, int[] yt) {
        List<String> names = d.strings("params");
        Variable logits = net.forward(Variable.constant(xt));
        Variable loss = F.crossEntropy(logits, yt);
        checks.compare("expect.logits_train", logits.data());
        checks.compare("expect.loss_train", loss.data());
        List<Variable> wrt = new ArrayList<>(net.parameters());
        wrt.addAll(net.alphas());
        List<Variable> g = Autograd.grad(loss, wrt, false);
        for (int i = 0; i < names.size(); i++) checks.compare("expect.grad." + names.get(i), g.get(i).data());
        return g.subList(names.size(), g.size());
    }

    /** The genotype derived from the network's α, against the case's. */
    static void checkGenotype(Checks checks, SearchNetwork net, int multiplier, Genotype expected) {
        Genotype derived = net.genotype(multiplier);
        if (!derived.equals(expected)) checks.fail("genotype: derived " + derived + ", expected " + expected);
    }
}

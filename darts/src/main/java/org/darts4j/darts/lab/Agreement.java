package org.darts4j.darts.lab;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.darts4j.autograd.F;
import org.darts4j.autograd.Variable;
import org.darts4j.darts.genotype.Genotype;
import org.darts4j.darts.hypergradient.Vectors;
import org.darts4j.tensor.Tensor;

/** How one estimate g agrees with a reference g*: the measures the laboratory reports. */
record Agreement(double cosine, double relativeError, double signAgreement, double genotypeAgreement) {
    static Agreement of(List<Tensor> g, List<Tensor> ref, int steps) {
        double[] a = Vectors.flatten(g), b = Vectors.flatten(ref);
        int same = 0;
        for (int i = 0; i < a.length; i++) if (Math.signum(a[i]) == Math.signum(b[i])) same++;
        return new Agreement(Vectors.cosine(g, ref), Vectors.relativeError(g, ref), same / (double) a.length,
                genotypeAgreement(voted(g, steps), voted(ref, steps)));
    }

    /**
     * The genotype an estimate votes for: derived (as DARTS derives it) from softmax(−g) per edge, i.e. from the
     * operations and edges a gradient step on α would favour most.
     */
    static Genotype voted(List<Tensor> g, int steps) {
        Tensor pn = F.softmax(Variable.constant(g.get(0).neg()), -1).data(), pr = F.softmax(Variable.constant(g.get(1).neg()), -1).data();
        return Genotype.derive(pn, pr, steps, 4);
    }

    /** Share of the chosen (operation, input) pairs that two genotypes have in common, node by node, both cells. */
    static double genotypeAgreement(Genotype a, Genotype b) {
        int same = 0, total = 0;
        for (List<List<Genotype.Gene>> pair : List.of(List.of(a.normal(), b.normal()), List.of(a.reduce(), b.reduce()))) {
            List<Genotype.Gene> x = pair.get(0), y = pair.get(1);
            for (int node = 0; node < x.size() / 2; node++) {
                Set<Genotype.Gene> ys = new HashSet<>(y.subList(2 * node, 2 * node + 2));
                for (Genotype.Gene gene : x.subList(2 * node, 2 * node + 2)) if (ys.remove(gene)) same++;
                total += 2;
            }
        }
        return same / (double) total;
    }
}

package org.darts4j.darts.search.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.darts4j.autograd.Autograd;
import org.darts4j.autograd.F;
import org.darts4j.autograd.Variable;
import org.darts4j.darts.genotype.Genotype;
import org.darts4j.darts.search.Primitive;
import org.darts4j.darts.search.SearchCell;
import org.darts4j.darts.search.SearchNetwork;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The semantics of PC-DARTS and GDAS, checked against DARTS and against formulas rather than against a second reading
 * of the authors' code (the conformance cases do that).
 */
class SearchMethodsTest {
    private static final SearchNetwork.Config CFG = SearchNetwork.Config.of(1, 8, 8, 5, 4, 4);

    private static Tensor images(long seed) { return Tensor.normal(new Generator(seed), DType.FLOAT64, 0, 1, 3, 1, 8, 8); }

    private static final int[] LABELS = {0, 3, 4};

    /** The logits and the gradients of the loss with respect to every weight and every α (β excluded), as arrays. */
    private static List<double[]> outputsAndGradients(SearchNetwork net) {
        Variable logits = net.forward(Variable.constant(images(5)));
        List<Variable> wrt = new ArrayList<>(net.parameters());
        wrt.add(net.alphaNormal());
        wrt.add(net.alphaReduce());
        List<double[]> out = new ArrayList<>();
        out.add(logits.data().toDoubleArray());
        for (Variable g : Autograd.grad(F.crossEntropy(logits, LABELS), wrt, false)) out.add(g.data().toDoubleArray());
        return out;
    }

    @Test void pcDartsWithOneGroupAndNoEdgeNormalisationIsDartsToTheBit() {
        SearchNetwork darts = new SearchNetwork(CFG, new SearchMethod.Darts(), new Generator(11), DType.FLOAT64, false);
        SearchNetwork pc = new SearchNetwork(CFG, new SearchMethod.PcDarts(1, false), new Generator(11), DType.FLOAT64, false);
        assertEquals(2, pc.alphas().size(), "no β without edge normalisation");
        List<double[]> a = outputsAndGradients(darts), b = outputsAndGradients(pc);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i), b.get(i), 0.0, "output or gradient " + i);
    }

    @Test void uniformEdgeWeightsAverageTheEdgesOfANode() {
        SearchCell cell = new SearchCell(6, 6, 4, false, false, 4, 4, 1, new Generator(3), DType.FLOAT64);
        cell.train();
        Variable s0 = Variable.constant(Tensor.normal(new Generator(4), DType.FLOAT64, 0, 1, 2, 6, 6, 6));
        Variable s1 = Variable.constant(Tensor.normal(new Generator(5), DType.FLOAT64, 0, 1, 2, 6, 6, 6));
        Tensor alpha = Tensor.normal(new Generator(6), DType.FLOAT64, 0, 1, 14, 8);
        double[] p = F.softmax(Variable.constant(alpha), -1).data().toDoubleArray();
        double[] scaled = p.clone();
        for (int i = 0, e = 0; i < 4; i++)
            for (int j = 0; j < i + 2; j++, e++) for (int k = 0; k < 8; k++) scaled[e * 8 + k] /= i + 2;
        Tensor uniform = new SearchNetwork(CFG, new SearchMethod.PcDarts(1, true), new Generator(1), DType.FLOAT64, true)
                .nodeSoftmax(Variable.constant(Tensor.zeros(DType.FLOAT64, 14))).data();
        double[] mean = cell.forward(s0, s1, new CellWeights.Relaxed(Variable.constant(Tensor.of(scaled, 14, 8)))).data().toDoubleArray();
        double[] pc = cell.forward(s0, s1, new CellWeights.Partial(Variable.constant(Tensor.of(p, 14, 8)), Variable.constant(uniform), 1)).data().toDoubleArray();
        assertArrayEquals(mean, pc, 1e-12);
    }

    @Test void theEdgeNormalisationIsASoftmaxOverEachNodesEdges() {
        SearchNetwork net = new SearchNetwork(CFG, new SearchMethod.PcDarts(2, true), new Generator(1), DType.FLOAT64, false);
        double[] beta = Tensor.normal(new Generator(8), DType.FLOAT64, 0, 1, 14).toDoubleArray();
        double[] b = net.nodeSoftmax(Variable.constant(Tensor.of(beta, 14))).data().toDoubleArray();
        int[][] groups = {{0, 2}, {2, 5}, {5, 9}, {9, 14}};
        for (int[] g : groups) {
            double z = 0;
            for (int r = g[0]; r < g[1]; r++) z += Math.exp(beta[r]);
            for (int r = g[0]; r < g[1]; r++) assertEquals(Math.exp(beta[r]) / z, b[r], 1e-15, "row " + r);
        }
    }

    @Test void theChannelShuffleInterleavesTheGroups() {
        int n = 2, c = 6, k = 3, q = c / k;
        double[] z = new double[n * c * 4];
        for (int i = 0; i < z.length; i++) z[i] = i;
        double[] out = CellWeights.Partial.shuffle(Variable.constant(Tensor.of(z, n, c, 2, 2)), k).data().toDoubleArray();
        for (int b = 0; b < n; b++)
            for (int g = 0; g < k; g++)
                for (int j = 0; j < q; j++)
                    for (int s = 0; s < 4; s++)
                        assertEquals(z[(b * c + g * q + j) * 4 + s], out[(b * c + j * k + g) * 4 + s], "channel " + (g * q + j));
    }

    @Test void partialChannelsNeedAWidthTheGroupsDivide() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new SearchNetwork(SearchNetwork.Config.of(1, 8, 8, 5, 6, 4), new SearchMethod.PcDarts(4, true), new Generator(1), DType.FLOAT32, false));
        assertTrue(e.getMessage().contains("--partial-channels"), e.getMessage());
    }

    private static int count(Variable out, String op) { return org.darts4j.darts.search.Graphs.count(out, op); }

    /** Convolutions of one operation: 4 for a separable, 2 for a dilated one and for the factorized skip, else 0. */
    private static int convolutions(Primitive p, int stride) {
        return switch (p) {
            case SEP_CONV_3X3, SEP_CONV_5X5 -> 4;
            case DIL_CONV_3X3, DIL_CONV_5X5 -> 2;
            case SKIP_CONNECT -> stride == 2 ? 2 : 0;
            default -> 0;
        };
    }

    @Test void gdasRunsExactlyTheSampledOperationOfEveryEdge() {
        SearchNetwork net = new SearchNetwork(CFG, new SearchMethod.Gdas(10, 0.1), new Generator(2), DType.FLOAT64, false);
        Tensor gn = GumbelSample.noise(new Generator(21), DType.FLOAT64, 14, 8), gr = GumbelSample.noise(new Generator(22), DType.FLOAT64, 14, 8);
        net.setTau(2);
        net.setNoise(gn, gr);
        Variable logits = net.forward(Variable.constant(images(5)));
        int[][] index = {GumbelSample.of(net.alphaNormal(), gn, 2).index(), GumbelSample.of(net.alphaReduce(), gr, 2).index()};
        int conv = 1, max = 0, avg = 0;   // the stem's convolution
        boolean reductionPrev = false;
        for (int cell = 0; cell < CFG.layers(); cell++) {
            boolean reduction = cell == CFG.layers() / 3 || cell == 2 * CFG.layers() / 3;
            conv += (reductionPrev ? 2 : 1) + 1;   // preprocessing
            for (int i = 0, e = 0; i < 4; i++)
                for (int j = 0; j < i + 2; j++, e++) {
                    Primitive p = Primitive.ALL.get(index[reduction ? 1 : 0][e]);
                    conv += convolutions(p, reduction && j < 2 ? 2 : 1);
                    if (p == Primitive.MAX_POOL_3X3) max++;
                    if (p == Primitive.AVG_POOL_3X3) avg++;
                }
            reductionPrev = reduction;
        }
        assertEquals(conv, count(logits, "conv2d"), "convolutions");
        assertEquals(max, count(logits, "max_pool2d"), "max pools");
        assertEquals(avg, count(logits, "avg_pool2d"), "average pools");
        SearchNetwork darts = new SearchNetwork(CFG, new SearchMethod.Darts(), new Generator(2), DType.FLOAT64, false);
        assertTrue(count(darts.forward(Variable.constant(images(5))), "conv2d") > 3 * conv, "DARTS runs every operation");
    }

    @Test void gdasAlphaGradientIsTheStraightThroughFormula() {
        double tau = 0.7;
        SearchCell cell = new SearchCell(6, 6, 4, true, false, 4, 4, 1, new Generator(3), DType.FLOAT64);
        cell.train();
        Variable s0 = Variable.constant(Tensor.normal(new Generator(4), DType.FLOAT64, 0, 1, 2, 6, 8, 8));
        Variable s1 = Variable.constant(Tensor.normal(new Generator(5), DType.FLOAT64, 0, 1, 2, 6, 8, 8));
        Variable alpha = Variable.parameter(Tensor.normal(new Generator(6), DType.FLOAT64, 0, 0.5, 14, 8));
        Tensor g = GumbelSample.noise(new Generator(7), DType.FLOAT64, 14, 8);
        Tensor r = Tensor.normal(new Generator(9), DType.FLOAT64, 0, 1, 2, 16, 4, 4);
        GumbelSample sample = GumbelSample.of(alpha, g, tau);
        Variable loss = cell.forward(s0, s1, new CellWeights.Sampled(sample)).mul(Variable.constant(r)).sum();
        double[] got = Autograd.grad(loss, List.of(alpha), false).get(0).data().toDoubleArray();
        // v = ∂L/∂h with h a leaf of the same (one-hot) value; then ∂L/∂α_e = π_e ⊙ (v_e − ⟨π_e, v_e⟩) / τ
        Variable hard = Variable.parameter(sample.hard().data());
        Variable loss2 = cell.forward(s0, s1, new CellWeights.Sampled(new GumbelSample(hard, sample.index()))).mul(Variable.constant(r)).sum();
        double[] v = Autograd.grad(loss2, List.of(hard), false).get(0).data().toDoubleArray();
        double[] a = alpha.data().toDoubleArray(), gv = g.toDoubleArray(), want = new double[a.length];
        int nonzero = 0;
        for (int e = 0; e < 14; e++) {
            double m = Double.NEGATIVE_INFINITY, z = 0, logZ = 0;
            for (int k = 0; k < 8; k++) m = Math.max(m, a[e * 8 + k]);
            for (int k = 0; k < 8; k++) logZ += Math.exp(a[e * 8 + k] - m);
            logZ = m + Math.log(logZ);
            double[] logits = new double[8], pi = new double[8];
            double lm = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < 8; k++) lm = Math.max(lm, logits[k] = (a[e * 8 + k] - logZ + gv[e * 8 + k]) / tau);
            for (int k = 0; k < 8; k++) z += pi[k] = Math.exp(logits[k] - lm);
            double dot = 0;
            for (int k = 0; k < 8; k++) dot += (pi[k] /= z) * v[e * 8 + k];
            for (int k = 0; k < 8; k++) want[e * 8 + k] = pi[k] * (v[e * 8 + k] - dot) / tau;
            for (int k = 0; k < 8; k++) if (k != sample.index()[e] && v[e * 8 + k] != 0) nonzero++;
        }
        assertEquals(0, nonzero, "only the selected entry of h reaches the loss");
        assertArrayEquals(want, got, 1e-12);
        assertTrue(java.util.Arrays.stream(got).anyMatch(x -> Math.abs(x) > 1e-6), "a gradient that is not all zero");
    }

    @Test void gdasRanksEdgeOperationPairsTogether() {
        double[] w = new double[14 * 8];
        java.util.Arrays.fill(w, 0.01);
        // node 0: input 0 holds the two largest weights (two operations), input 1 the third
        w[4] = 0.5;
        w[6] = 0.4;
        w[8 + 5] = 0.3;
        Tensor t = Tensor.of(w, 14, 8);
        Genotype ranked = Genotype.deriveRanked(t, t, 4, 4), darts = Genotype.derive(t, t, 4, 4);
        assertEquals(List.of(new Genotype.Gene(Primitive.SEP_CONV_3X3, 0), new Genotype.Gene(Primitive.DIL_CONV_3X3, 0)), ranked.normal().subList(0, 2));
        assertEquals(List.of(new Genotype.Gene(Primitive.SEP_CONV_3X3, 0), new Genotype.Gene(Primitive.SEP_CONV_5X5, 1)), darts.normal().subList(0, 2));
    }

    @Test void theTemperatureFallsLinearlyAndDoesNotChangeTheSample() {
        SearchMethod.Gdas g = new SearchMethod.Gdas(10, 0.1);
        assertEquals(10, g.tau(0, 5), 0);
        assertEquals(0.1, g.tau(4, 5), 1e-15);
        assertEquals(5.05, g.tau(2, 5), 1e-12);
        Variable alpha = Variable.constant(Tensor.normal(new Generator(1), DType.FLOAT64, 0, 1, 14, 8));
        Tensor noise = GumbelSample.noise(new Generator(2), DType.FLOAT64, 14, 8);
        assertArrayEquals(GumbelSample.of(alpha, noise, 10).index(), GumbelSample.of(alpha, noise, 0.1).index());
        assertThrows(IllegalArgumentException.class, () -> new SearchMethod.Gdas(0.1, 10));
    }
}

package org.darts4j.darts.search;

import java.util.List;
import org.darts4j.autograd.F;
import org.darts4j.autograd.Variable;
import org.darts4j.nn.Module;
import org.darts4j.nn.layers.BatchNorm2d;
import org.darts4j.nn.layers.Conv2d;
import org.darts4j.nn.layers.Linear;
import org.darts4j.nn.layers.ModuleList;
import org.darts4j.nn.layers.Sequential;
import org.darts4j.darts.genotype.Genotype;
import org.darts4j.darts.search.method.CellWeights;
import org.darts4j.darts.search.method.GumbelSample;
import org.darts4j.darts.search.method.SearchMethod;
import org.darts4j.tensor.Backend;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.Tensor;

/**
 * The DARTS search network (the reference's {@code model_search.Network}): a 3x3 stem convolution to
 * {@code stemMultiplier·C} channels with affine batch norm; {@code layers} search cells, those at layers/3 and
 * 2·layers/3 reduction cells that double the channels; global average pooling and a linear head (classes, or
 * regression targets). The weights w are {@link #parameters()}; the architecture α = (α_normal, α_reduce), each
 * [14, 8] for 4 steps, is held apart ({@link #alphas()}), with, for PC-DARTS, the edge normalisation β =
 * (β_normal, β_reduce), each [14]. The {@link SearchMethod} decides what an edge computes: every operation (DARTS), every
 * operation on 1/K of the channels (PC-DARTS), or one sampled operation (GDAS).
 */
public final class SearchNetwork extends Module {
    private final Sequential stem;
    private final ModuleList<SearchCell> cells = new ModuleList<>();
    private final Linear classifier;
    private final Variable alphaNormal, alphaReduce, betaNormal, betaReduce;
    private final int steps;
    private final SearchMethod method;
    private double tau = 1;
    private Tensor noiseNormal, noiseReduce;
    private Generator noisePerForward;

    /** The configuration of a search network. */
    public record Config(int inChannels, int height, int width, int outputs, int c, int layers, int steps, int multiplier, int stemMultiplier) {
        public Config {
            if (c < 1 || layers < 1 || steps < 1 || multiplier < 1 || multiplier > steps || stemMultiplier < 1 || outputs < 1)
                throw new IllegalArgumentException("invalid search network configuration " + this);
            long reductions = java.util.stream.IntStream.range(0, layers).filter(i -> i == layers / 3 || i == 2 * layers / 3).count();
            int d = 1 << reductions;
            if (height % d != 0 || width % d != 0)
                throw new IllegalArgumentException("images of " + height + "x" + width + " cannot pass " + reductions
                        + " reduction cells: height and width must be divisible by " + d + " (pad the images, e.g. kirigami fine-padded 32x80)");
        }

        public static Config of(int inChannels, int height, int width, int outputs, int c, int layers) {
            return new Config(inChannels, height, width, outputs, c, layers, 4, 4, 3);
        }

        public int edges() { return steps * (steps + 3) / 2; }
    }

    /** The DARTS supernet. */
    public SearchNetwork(Config cfg, Generator g, DType dtype, boolean zeroAlphas) { this(cfg, new SearchMethod.Darts(), g, dtype, zeroAlphas); }

    /**
     * The supernet of {@code method}: weights drawn from {@code g} as the reference initialises them, then α (and β)
     * as 10⁻³·N(0, 1), or zeros.
     */
    public SearchNetwork(Config cfg, SearchMethod method, Generator g, DType dtype, boolean zeroAlphas) {
        this.steps = cfg.steps();
        this.method = method;
        int partial = method instanceof SearchMethod.PcDarts pc ? pc.partialChannels() : 1;
        int cCurr = cfg.stemMultiplier() * cfg.c();
        stem = registerModule("stem", new Sequential(new Conv2d(cfg.inChannels(), cCurr, 3, 1, 1, 1, 1, false, g, dtype),
                new BatchNorm2d(cCurr, true, dtype)));
        int cPrevPrev = cCurr, cPrev = cCurr, c = cfg.c();
        boolean reductionPrev = false;
        registerModule("cells", cells);
        for (int i = 0; i < cfg.layers(); i++) {
            boolean reduction = i == cfg.layers() / 3 || i == 2 * cfg.layers() / 3;
            if (reduction) c *= 2;
            cells.add(new SearchCell(cPrevPrev, cPrev, c, reduction, reductionPrev, cfg.steps(), cfg.multiplier(), partial, g, dtype));
            reductionPrev = reduction;
            cPrevPrev = cPrev;
            cPrev = cfg.multiplier() * c;
        }
        classifier = registerModule("classifier", new Linear(cPrev, cfg.outputs(), true, g, dtype));
        int k = cfg.edges(), n = Primitive.ALL.size();
        alphaNormal = Variable.parameter(zeroAlphas ? Tensor.zeros(dtype, k, n) : Tensor.normal(g, dtype, 0, 1e-3, k, n));
        alphaReduce = Variable.parameter(zeroAlphas ? Tensor.zeros(dtype, k, n) : Tensor.normal(g, dtype, 0, 1e-3, k, n));
        boolean beta = method instanceof SearchMethod.PcDarts pc && pc.edgeNormalization();
        betaNormal = beta ? Variable.parameter(zeroAlphas ? Tensor.zeros(dtype, k) : Tensor.normal(g, dtype, 0, 1e-3, k)) : null;
        betaReduce = beta ? Variable.parameter(zeroAlphas ? Tensor.zeros(dtype, k) : Tensor.normal(g, dtype, 0, 1e-3, k)) : null;
    }

    /** The weights, buffers and architecture on {@code b}'s device. */
    @Override public SearchNetwork to(Backend b) {
        super.to(b);
        for (Variable a : alphas()) a.setData(a.data().to(b));
        return this;
    }

    public SearchMethod method() { return method; }

    /**
     * The architecture, what the architecture optimizer updates: [α_normal, α_reduce], and for PC-DARTS with edge
     * normalisation [α_normal, α_reduce, β_normal, β_reduce].
     */
    public List<Variable> alphas() {
        return betaNormal == null ? List.of(alphaNormal, alphaReduce) : List.of(alphaNormal, alphaReduce, betaNormal, betaReduce);
    }

    /** The architecture by name (alpha_normal, alpha_reduce, beta_normal, beta_reduce), as checkpoints store it. */
    public java.util.Map<String, Tensor> architectureState() {
        java.util.Map<String, Tensor> m = new java.util.LinkedHashMap<>();
        m.put("alpha_normal", alphaNormal.data());
        m.put("alpha_reduce", alphaReduce.data());
        if (betaNormal != null) {
            m.put("beta_normal", betaNormal.data());
            m.put("beta_reduce", betaReduce.data());
        }
        return m;
    }

    /** β_normal (null unless PC-DARTS with edge normalisation). */
    public Variable betaNormal() { return betaNormal; }

    /** β_reduce (null unless PC-DARTS with edge normalisation). */
    public Variable betaReduce() { return betaReduce; }

    /** GDAS' temperature τ (other methods ignore it). */
    public void setTau(double tau) {
        if (!(tau > 0)) throw new IllegalArgumentException("τ must be positive, got " + tau);
        this.tau = tau;
    }

    public double tau() { return tau; }

    /** GDAS: every later forward pass uses this Gumbel noise G, [edges, 8] for each cell type, until the next call. */
    public void setNoise(Tensor normal, Tensor reduce) {
        noiseNormal = normal.to(alphaNormal.data().backend());
        noiseReduce = reduce.to(alphaNormal.data().backend());
        noisePerForward = null;
    }

    /** GDAS: draws G for the normal, then the reduction cells from {@code g}, used by every forward pass until the next call. */
    public void drawNoise(Generator g) {
        setNoise(GumbelSample.noise(g, alphaNormal.dtype(), alphaNormal.size(0), alphaNormal.size(1)),
                GumbelSample.noise(g, alphaNormal.dtype(), alphaNormal.size(0), alphaNormal.size(1)));
    }

    /** GDAS: every later forward pass draws fresh noise from {@code g} (as the authors' network does). */
    public void drawNoisePerForward(Generator g) {
        noisePerForward = g;
        noiseNormal = noiseReduce = null;
    }

    /**
     * The weights W [edges, 8] the genotype is read from: softmax(α) by rows, for PC-DARTS with edge normalisation
     * scaled row by row by b = softmax of β over each node's edges.
     */
    public Tensor edgeWeights(boolean reduction) {
        Variable p = F.softmax(reduction ? alphaReduce : alphaNormal, -1);
        if (betaNormal == null) return p.data();
        Variable b = nodeSoftmax(reduction ? betaReduce : betaNormal);
        return p.mul(b.reshape(-1, 1)).data();
    }

    /** The genotype of the current architecture, by the method's rule. */
    public Genotype genotype(int multiplier) {
        return method instanceof SearchMethod.Gdas ? Genotype.deriveRanked(edgeWeights(false), edgeWeights(true), steps, multiplier)
                : Genotype.derive(edgeWeights(false), edgeWeights(true), steps, multiplier);
    }

    /** PC-DARTS' edge normalisation: b[lo:hi] = softmax(β[lo:hi]) over the edges [lo, hi) entering each node. */
    public Variable nodeSoftmax(Variable beta) {
        List<Variable> parts = new java.util.ArrayList<>();
        for (int i = 0, lo = 0; i < steps; lo += i + 2, i++) parts.add(F.softmax(beta.slice(0, lo, lo + i + 2, 1), -1));
        return Variable.cat(parts, 0);
    }

    /** What the cells of one type compute in this forward pass (GDAS: a new sample unless the noise is fixed). */
    private CellWeights cellWeights(boolean reduction) {
        Variable alpha = reduction ? alphaReduce : alphaNormal;
        if (method instanceof SearchMethod.PcDarts pc)
            return new CellWeights.Partial(F.softmax(alpha, -1), betaNormal == null ? null : nodeSoftmax(reduction ? betaReduce : betaNormal),
                    pc.partialChannels());
        if (!(method instanceof SearchMethod.Gdas)) return new CellWeights.Relaxed(F.softmax(alpha, -1));
        if (noisePerForward == null && noiseNormal == null)
            throw new IllegalStateException("GDAS draws Gumbel noise at every forward pass: set it first (setNoise, drawNoise or drawNoisePerForward)");
        Tensor g = noisePerForward != null ? GumbelSample.noise(noisePerForward, alpha.dtype(), alpha.size(0), alpha.size(1)).to(alpha.data().backend())
                : reduction ? noiseReduce : noiseNormal;
        return new CellWeights.Sampled(GumbelSample.of(alpha, g, tau));
    }

    public Variable alphaNormal() { return alphaNormal; }

    public Variable alphaReduce() { return alphaReduce; }

    public int steps() { return steps; }

    /** The mixed operations of edge {@code e} in every normal (or every reduction) cell: those that share α's row e. */
    public List<MixedOp> edge(boolean reduction, int e) {
        return cells.items().stream().filter(c -> c.reduction() == reduction).map(c -> c.edge(e)).toList();
    }

    @Override public Variable forward(Variable x) {
        Variable s0 = stem.forward(x), s1 = s0;
        CellWeights pn = cellWeights(false), pr = cellWeights(true);   // normal before reduce, as GDAS draws its noise
        for (SearchCell cell : cells.items()) {
            Variable s = cell.forward(s0, s1, cell.reduction() ? pr : pn);
            if (s0 != s1) s0.drop();   // c_{k-2} has had its last reader (Variable.drop: its memory goes back in a training step)
            s0 = s1;
            s1 = s;
        }
        Variable pooled = F.globalAvgPool2d(s1);
        if (s0 != s1) s0.drop();
        s1.drop();
        return classifier.forward(pooled.flatten());
    }
}

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
import org.darts4j.tensor.Backend;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.Backend;
import org.darts4j.tensor.Tensor;

/**
 * The DARTS search network (the reference's {@code model_search.Network}): a 3x3 stem convolution to
 * {@code stemMultiplier·C} channels with affine batch norm; {@code layers} search cells, those at layers/3 and
 * 2·layers/3 reduction cells that double the channels; global average pooling and a linear head (classes, or
 * regression targets). The weights w are {@link #parameters()}; the architecture α = (α_normal, α_reduce), each
 * [14, 8] for 4 steps, is held apart ({@link #alphas()}).
 */
public final class SearchNetwork extends Module {
    private final Sequential stem;
    private final ModuleList<SearchCell> cells = new ModuleList<>();
    private final Linear classifier;
    private final Variable alphaNormal, alphaReduce;
    private final int steps;

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

    public SearchNetwork(Config cfg, Generator g, DType dtype, boolean zeroAlphas) {
        this.steps = cfg.steps();
        int cCurr = cfg.stemMultiplier() * cfg.c();
        stem = registerModule("stem", new Sequential(new Conv2d(cfg.inChannels(), cCurr, 3, 1, 1, 1, 1, false, g, dtype),
                new BatchNorm2d(cCurr, true, dtype)));
        int cPrevPrev = cCurr, cPrev = cCurr, c = cfg.c();
        boolean reductionPrev = false;
        registerModule("cells", cells);
        for (int i = 0; i < cfg.layers(); i++) {
            boolean reduction = i == cfg.layers() / 3 || i == 2 * cfg.layers() / 3;
            if (reduction) c *= 2;
            cells.add(new SearchCell(cPrevPrev, cPrev, c, reduction, reductionPrev, cfg.steps(), cfg.multiplier(), g, dtype));
            reductionPrev = reduction;
            cPrevPrev = cPrev;
            cPrev = cfg.multiplier() * c;
        }
        classifier = registerModule("classifier", new Linear(cPrev, cfg.outputs(), true, g, dtype));
        int k = cfg.edges(), n = Primitive.ALL.size();
        alphaNormal = Variable.parameter(zeroAlphas ? Tensor.zeros(dtype, k, n) : Tensor.normal(g, dtype, 0, 1e-3, k, n));
        alphaReduce = Variable.parameter(zeroAlphas ? Tensor.zeros(dtype, k, n) : Tensor.normal(g, dtype, 0, 1e-3, k, n));
    }

    /** α = [α_normal, α_reduce]. */
    /** The weights, buffers and α on {@code b}'s device. */
    @Override public SearchNetwork to(Backend b) {
        super.to(b);
        for (Variable a : alphas()) a.setData(a.data().to(b));
        return this;
    }

    public List<Variable> alphas() { return List.of(alphaNormal, alphaReduce); }

    public Variable alphaNormal() { return alphaNormal; }

    public Variable alphaReduce() { return alphaReduce; }

    public int steps() { return steps; }

    /** The mixed operations of edge {@code e} in every normal (or every reduction) cell: those that share α's row e. */
    public List<MixedOp> edge(boolean reduction, int e) {
        return cells.items().stream().filter(c -> c.reduction() == reduction).map(c -> c.edge(e)).toList();
    }

    @Override public Variable forward(Variable x) {
        Variable s0 = stem.forward(x), s1 = s0;
        Variable pn = F.softmax(alphaNormal, -1), pr = F.softmax(alphaReduce, -1);
        for (SearchCell cell : cells.items()) {
            Variable s = cell.forward(s0, s1, cell.reduction() ? pr : pn);
            s0 = s1;
            s1 = s;
        }
        return classifier.forward(F.globalAvgPool2d(s1).flatten());
    }
}

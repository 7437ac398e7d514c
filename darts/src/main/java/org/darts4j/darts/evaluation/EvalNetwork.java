package org.darts4j.darts.evaluation;

import org.darts4j.autograd.F;
import org.darts4j.autograd.Variable;
import org.darts4j.darts.genotype.Genotype;
import org.darts4j.nn.Module;
import org.darts4j.nn.layers.BatchNorm2d;
import org.darts4j.nn.layers.Conv2d;
import org.darts4j.nn.layers.Linear;
import org.darts4j.nn.layers.ModuleList;
import org.darts4j.nn.layers.Sequential;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;

/**
 * The network that evaluates a genotype (the reference's {@code NetworkCIFAR}): a 3x3 stem convolution to 3·C
 * channels with affine BN; {@code layers} cells of the genotype, those at layers/3 and 2·layers/3 reduction cells that
 * double C and halve the resolution; global average pooling and a linear head (classes, or regression targets).
 * Optionally an {@link AuxiliaryHead} on the output of the cell at 2·layers/3, used in training only (its loss weighted
 * by 0.4 in the reference), and drop path with probability p on every operation but the identity.
 *
 * <p>{@link #parameterCount()} counts every weight; {@link #inferenceParameterCount()} leaves out the auxiliary head,
 * which the trained model does not use (the reference's "param size").
 */
public final class EvalNetwork extends Module {
    private final Sequential stem;
    private final ModuleList<EvalCell> cells = new ModuleList<>();
    private final AuxiliaryHead auxiliary;
    private final Linear classifier;
    private final int auxiliaryAt;
    private double dropPath;
    private Generator dropGenerator = new Generator(0);

    /** The outputs of one training forward pass: the head's, and the auxiliary head's (null without one). */
    public record Outputs(Variable logits, Variable auxiliary) {}

    /** The evaluation network's shape: input channels and size, outputs, C, cells, whether it has an auxiliary head. */
    public record Config(int inChannels, int height, int width, int outputs, int c, int layers, boolean auxiliary) {
        public Config {
            if (inChannels < 1 || height < 1 || width < 1 || outputs < 1 || c < 1 || layers < 1)
                throw new IllegalArgumentException("invalid evaluation network configuration " + this);
            if (c % 2 != 0) throw new IllegalArgumentException("the evaluation network needs an even C (reductions halve channels in FactorizedReduce), got " + c);
            int d = 1 << reductions(layers, layers);
            if (height % d != 0 || width % d != 0)
                throw new IllegalArgumentException("images of " + height + "x" + width + " cannot pass the network's reduction cells: height and width must be divisible by "
                        + d + " (pad the images, e.g. kirigami fine-padded 32x80)");
        }
    }

    private static boolean isReduction(int i, int layers) { return i == layers / 3 || i == 2 * layers / 3; }

    /** Reduction cells among the first {@code upTo} cells. */
    private static int reductions(int upTo, int layers) {
        int r = 0;
        for (int i = 0; i < upTo; i++) if (isReduction(i, layers)) r++;
        return r;
    }

    public EvalNetwork(Genotype genotype, Config cfg, Generator g, DType dtype) {
        if (genotype.normal().size() != genotype.reduce().size())
            throw new IllegalArgumentException("genotype: the normal cell has " + genotype.normal().size() + " edges and the reduction cell "
                    + genotype.reduce().size() + "; the network needs cells of the same number of nodes");
        int cCurr = 3 * cfg.c();
        stem = registerModule("stem", new Sequential(new Conv2d(cfg.inChannels(), cCurr, 3, 1, 1, 1, 1, false, g, dtype), new BatchNorm2d(cCurr, true, dtype)));
        registerModule("cells", cells);
        int cPrevPrev = cCurr, cPrev = cCurr, c = cfg.c(), cAux = 0;
        boolean reductionPrev = false;
        auxiliaryAt = 2 * cfg.layers() / 3;
        for (int i = 0; i < cfg.layers(); i++) {
            boolean reduction = isReduction(i, cfg.layers());
            if (reduction) c *= 2;
            EvalCell cell = new EvalCell(genotype, cPrevPrev, cPrev, c, reduction, reductionPrev, g, dtype);
            cells.add(cell);
            reductionPrev = reduction;
            cPrevPrev = cPrev;
            cPrev = cell.multiplier() * c;
            if (i == auxiliaryAt) cAux = cPrev;
        }
        if (cfg.auxiliary()) {
            int d = 1 << reductions(auxiliaryAt + 1, cfg.layers());
            auxiliary = registerModule("auxiliary_head", new AuxiliaryHead(cAux, cfg.height() / d, cfg.width() / d, cfg.outputs(), g, dtype));
        } else auxiliary = null;
        classifier = registerModule("classifier", new Linear(cPrev, cfg.outputs(), true, g, dtype));
    }

    /**
     * Drop path for the following training passes: each droppable operation's output is zeroed per example with
     * probability {@code p}, draws from {@code g} (reseeded per epoch by the trainer so that a resumed run repeats them).
     */
    public void setDropPath(double p, Generator g) {
        if (!(p >= 0 && p < 1)) throw new IllegalArgumentException("drop path probability must be in [0, 1), got " + p);
        dropPath = p;
        dropGenerator = g;
    }

    public double dropPath() { return dropPath; }

    /** The head's output; in training mode also the auxiliary head's, when there is one. */
    public Outputs forwardWithAuxiliary(Variable x) {
        Variable s0 = stem.forward(x), s1 = s0, aux = null;
        for (int i = 0; i < cells.size(); i++) {
            Variable s = cells.get(i).forward(s0, s1, dropPath, dropGenerator);
            if (s0 != s1) s0.drop();   // c_{k-2} has had its last reader (Variable.drop: its memory goes back in a training step)
            s0 = s1;
            s1 = s;
            if (i == auxiliaryAt && auxiliary != null && isTraining()) aux = auxiliary.forward(s1);
        }
        Variable pooled = F.globalAvgPool2d(s1);
        if (s0 != s1) s0.drop();
        s1.drop();
        return new Outputs(classifier.forward(pooled.flatten()), aux);
    }

    @Override public Variable forward(Variable x) { return forwardWithAuxiliary(x).logits(); }

    /** Weights without the auxiliary head's. */
    public long inferenceParameterCount() { return parameterCount() - (auxiliary == null ? 0 : auxiliary.parameterCount()); }
}

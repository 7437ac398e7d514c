package org.darts4j.darts.search;

import java.util.Arrays;
import java.util.List;
import org.darts4j.autograd.Variable;
import org.darts4j.nn.Module;
import org.darts4j.nn.layers.BatchNorm2d;
import org.darts4j.nn.layers.Conv2d;
import org.darts4j.nn.layers.Layers;
import org.darts4j.nn.layers.Sequential;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;

/**
 * The eight candidate operations of the DARTS search space, in the reference's order (the columns of α). Inside
 * cells batch norm has no affine parameters (affine = false during search). Module and parameter names are the
 * reference's, so state dicts move to and from PyTorch by name.
 */
public enum Primitive {
    NONE("none"), MAX_POOL_3X3("max_pool_3x3"), AVG_POOL_3X3("avg_pool_3x3"), SKIP_CONNECT("skip_connect"),
    SEP_CONV_3X3("sep_conv_3x3"), SEP_CONV_5X5("sep_conv_5x5"), DIL_CONV_3X3("dil_conv_3x3"), DIL_CONV_5X5("dil_conv_5x5");

    public static final List<Primitive> ALL = List.of(values());

    private final String label;

    Primitive(String label) { this.label = label; }

    /** The reference's name, such as {@code sep_conv_3x3}. */
    public String label() { return label; }

    /** Whether the operation has no weights (none, pooling, identity skip). */
    public boolean parameterFree() { return this == NONE || this == MAX_POOL_3X3 || this == AVG_POOL_3X3 || this == SKIP_CONNECT; }

    public static Primitive parse(String s) {
        for (Primitive p : values()) if (p.label.equals(s)) return p;
        throw new IllegalArgumentException("unknown primitive '" + s + "': expected one of " + Arrays.stream(values()).map(Primitive::label).toList());
    }

    /** The operation on {@code c} channels with the given stride; {@code affine} for the evaluation network's batch norms. */
    public Module build(int c, int stride, boolean affine, Generator g, DType dtype) {
        return switch (this) {
            case NONE -> new Zero(stride);
            case MAX_POOL_3X3 -> new Sequential(Layers.maxPool2d(3, stride, 1), new BatchNorm2d(c, false, dtype));
            case AVG_POOL_3X3 -> new Sequential(Layers.avgPool2d(3, stride, 1, false), new BatchNorm2d(c, false, dtype));
            case SKIP_CONNECT -> stride == 1 ? Layers.identity() : new FactorizedReduce(c, c, affine, g, dtype);
            case SEP_CONV_3X3 -> sepConv(c, 3, stride, 1, affine, g, dtype);
            case SEP_CONV_5X5 -> sepConv(c, 5, stride, 2, affine, g, dtype);
            case DIL_CONV_3X3 -> dilConv(c, 3, stride, 2, 2, affine, g, dtype);
            case DIL_CONV_5X5 -> dilConv(c, 5, stride, 4, 2, affine, g, dtype);
        };
    }

    /**
     * The operation as the evaluation network (the reference's {@code model.py}) builds it: batch norms affine, and
     * pooling without the batch norm that only the search's mixed operation adds after it.
     */
    public Module buildForEvaluation(int c, int stride, Generator g, DType dtype) {
        return switch (this) {
            case MAX_POOL_3X3 -> Layers.maxPool2d(3, stride, 1);
            case AVG_POOL_3X3 -> Layers.avgPool2d(3, stride, 1, false);
            default -> build(c, stride, true, g, dtype);
        };
    }

    /**
     * An operation that begins with ReLU(x): {@link #forwardRelued} applies the rest to r = ReLU(x), so that the
     * operations of one edge can share r (see {@link MixedOp}).
     */
    public interface AfterRelu {
        /** o(x) given r = ReLU(x). */
        Variable forwardRelued(Variable r);
    }

    /**
     * A module whose single child is named {@code op}, as the reference's SepConv, DilConv and ReLUConvBN; all three
     * are a Sequential whose first child is the ReLU.
     */
    static final class Op extends Module implements AfterRelu {
        private final Sequential op;

        Op(Sequential op) { this.op = registerModule("op", op); }

        @Override public Variable forward(Variable x) { return op.forward(x); }

        @Override public Variable forwardRelued(Variable r) { return op.forwardFrom(1, r); }
    }

    /** ReLU, depthwise k x k, pointwise 1x1, BN, twice (the second with stride 1). */
    static Module sepConv(int c, int k, int stride, int pad, boolean affine, Generator g, DType dtype) {
        return new Op(new Sequential(Layers.relu(), new Conv2d(c, c, k, stride, pad, 1, c, false, g, dtype), new Conv2d(c, c, 1, 1, 0, 1, 1, false, g, dtype),
                new BatchNorm2d(c, affine, dtype), Layers.relu(), new Conv2d(c, c, k, 1, pad, 1, c, false, g, dtype),
                new Conv2d(c, c, 1, 1, 0, 1, 1, false, g, dtype), new BatchNorm2d(c, affine, dtype)));
    }

    /** ReLU, depthwise dilated k x k, pointwise 1x1, BN. */
    static Module dilConv(int c, int k, int stride, int pad, int dilation, boolean affine, Generator g, DType dtype) {
        return new Op(new Sequential(Layers.relu(), new Conv2d(c, c, k, stride, pad, dilation, c, false, g, dtype),
                new Conv2d(c, c, 1, 1, 0, 1, 1, false, g, dtype), new BatchNorm2d(c, affine, dtype)));
    }

    /** ReLU, 1x1 convolution, BN: the cells' preprocessing. */
    public static Module reluConvBn(int cin, int cout, boolean affine, Generator g, DType dtype) {
        return new Op(new Sequential(Layers.relu(), new Conv2d(cin, cout, 1, 1, 0, 1, 1, false, g, dtype), new BatchNorm2d(cout, affine, dtype)));
    }

    /** The zero operation: zeros at the output resolution. */
    static final class Zero extends Module {
        private final int stride;

        Zero(int stride) { this.stride = stride; }

        @Override public Variable forward(Variable x) {
            Variable s = stride == 1 ? x : x.slice(2, 0, x.size(2), stride).slice(3, 0, x.size(3), stride);
            return s.mul(0.0);
        }
    }

    /**
     * Halves the resolution without losing pixels: ReLU, then two 1x1 stride-2 convolutions, one on the image and one
     * on the image shifted by one pixel, concatenated and batch-normalised.
     */
    public static final class FactorizedReduce extends Module implements AfterRelu {
        private final Conv2d conv1, conv2;
        private final BatchNorm2d bn;

        public FactorizedReduce(int cin, int cout, boolean affine, Generator g, DType dtype) {
            if (cout % 2 != 0) throw new IllegalArgumentException("FactorizedReduce needs an even number of output channels, got " + cout);
            conv1 = registerModule("conv_1", new Conv2d(cin, cout / 2, 1, 2, 0, 1, 1, false, g, dtype));
            conv2 = registerModule("conv_2", new Conv2d(cin, cout / 2, 1, 2, 0, 1, 1, false, g, dtype));
            bn = registerModule("bn", new BatchNorm2d(cout, affine, dtype));
        }

        @Override public Variable forward(Variable x) {
            Variable r = x.relu(), y = forwardRelued(r);
            r.drop();
            return y;
        }

        /** The intermediate values are dropped once read ({@link Variable#drop}). */
        @Override public Variable forwardRelued(Variable r) {
            Variable rows = r.slice(2, 1, r.size(2), 1), shifted = rows.slice(3, 1, r.size(3), 1);
            Variable c1 = conv1.forward(r), c2 = conv2.forward(shifted), both = Variable.cat(List.of(c1, c2), 1);
            for (Variable v : List.of(rows, shifted, c1, c2)) v.drop();
            Variable y = bn.forward(both);
            both.drop();
            return y;
        }
    }
}

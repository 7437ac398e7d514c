package org.darts4j.nn.layers;

import java.util.function.UnaryOperator;
import org.darts4j.autograd.F;
import org.darts4j.autograd.Variable;
import org.darts4j.nn.Module;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.PoolParams;

/** The parameter-free layers: ReLU, pooling, global average pooling, flatten, dropout, identity. */
public final class Layers {
    private Layers() {}

    /** A module computing a fixed function of its input. */
    public static final class Fn extends Module {
        private final UnaryOperator<Variable> f;
        private final String name;

        Fn(String name, UnaryOperator<Variable> f) { this.name = name; this.f = f; }

        @Override public Variable forward(Variable x) { return f.apply(x); }

        @Override public String toString() { return name; }
    }

    public static Module relu() { return new Fn("ReLU", Variable::relu); }

    public static Module identity() { return new Fn("Identity", x -> x); }

    public static Module maxPool2d(int kernel, int stride, int padding) {
        PoolParams p = PoolParams.of(kernel, stride, padding, true);
        return new Fn("MaxPool2d", x -> x.maxPool2d(p));
    }

    public static Module avgPool2d(int kernel, int stride, int padding, boolean countIncludePad) {
        PoolParams p = PoolParams.of(kernel, stride, padding, countIncludePad);
        return new Fn("AvgPool2d", x -> x.avgPool2d(p));
    }

    /** Average pooling of any window geometry (rectangular windows and strides). */
    public static Module avgPool2d(PoolParams p) { return new Fn("AvgPool2d", x -> x.avgPool2d(p)); }

    /** {@code nn.AdaptiveAvgPool2d(1)}: [N, C, H, W] to [N, C, 1, 1]. */
    public static Module globalAvgPool2d() { return new Fn("AdaptiveAvgPool2d", F::globalAvgPool2d); }

    public static Module flatten() { return new Fn("Flatten", Variable::flatten); }

    /** Dropout with its own seeded generator; active in training mode only. */
    public static Module dropout(double p, Generator g) {
        if (p < 0 || p >= 1) throw new IllegalArgumentException("dropout: p must be in [0, 1), got " + p);
        return new Module() {
            @Override public Variable forward(Variable x) { return F.dropout(x, p, isTraining(), g); }
        };
    }
}

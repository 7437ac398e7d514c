package org.darts4j.nn;

import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.Tensor;

/**
 * PyTorch's initialisers. Conv2d and Linear default to {@code kaiming_uniform_(w, a=√5)}, which is uniform in
 * ±√(1/fan_in), and biases to uniform in ±1/√fan_in; ResNets use {@code kaiming_normal_(mode='fan_out',
 * nonlinearity='relu')}, normal with standard deviation √(2/fan_out).
 */
public final class Init {
    private Init() {}

    /** fan_in = (input channels per group) · kernel area, from a weight of shape [out, in, kh, kw] or [out, in]. */
    public static int fanIn(int[] shape) {
        int f = shape[1];
        for (int i = 2; i < shape.length; i++) f *= shape[i];
        return f;
    }

    public static int fanOut(int[] shape) {
        int f = shape[0];
        for (int i = 2; i < shape.length; i++) f *= shape[i];
        return f;
    }

    /** PyTorch's default for Conv2d and Linear weights. */
    public static Tensor defaultWeight(Generator g, DType dtype, int... shape) {
        double bound = Math.sqrt(1.0 / fanIn(shape));
        return Tensor.uniform(g, dtype, -bound, bound, shape);
    }

    /** PyTorch's default for biases: uniform in ±1/√fan_in of the layer's weight. */
    public static Tensor defaultBias(Generator g, DType dtype, int fanIn, int size) {
        double bound = 1 / Math.sqrt(fanIn);
        return Tensor.uniform(g, dtype, -bound, bound, size);
    }

    /** {@code kaiming_normal_(mode='fan_out', nonlinearity='relu')}. */
    public static Tensor kaimingNormalFanOut(Generator g, DType dtype, int... shape) {
        return Tensor.normal(g, dtype, 0, Math.sqrt(2.0 / fanOut(shape)), shape);
    }
}

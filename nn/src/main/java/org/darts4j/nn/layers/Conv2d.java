package org.darts4j.nn.layers;

import org.darts4j.autograd.F;
import org.darts4j.autograd.Variable;
import org.darts4j.nn.Init;
import org.darts4j.nn.Module;
import org.darts4j.tensor.ConvParams;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;

/** {@code nn.Conv2d}: parameters {@code weight} [out, in/groups, k, k] and (optionally) {@code bias} [out]. */
public final class Conv2d extends Module {
    private final Variable weight, bias;
    private final ConvParams p;

    public Conv2d(int in, int out, int kernel, int stride, int padding, int dilation, int groups, boolean bias, Generator g, DType dtype) {
        if (in % groups != 0 || out % groups != 0)
            throw new IllegalArgumentException("Conv2d: " + in + " input and " + out + " output channels are not divisible by groups=" + groups);
        this.p = ConvParams.of(stride, padding, dilation, groups);
        this.weight = registerParameter("weight", Init.defaultWeight(g, dtype, out, in / groups, kernel, kernel));
        this.bias = bias ? registerParameter("bias", Init.defaultBias(g, dtype, in / groups * kernel * kernel, out)) : null;
    }

    public Variable weight() { return weight; }

    @Override public Variable forward(Variable x) { return F.conv2d(x, weight, bias, p); }
}

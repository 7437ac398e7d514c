package org.darts4j.nn.layers;

import org.darts4j.autograd.F;
import org.darts4j.autograd.Variable;
import org.darts4j.nn.Init;
import org.darts4j.nn.Module;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;

/** {@code nn.Linear}: {@code weight} [out, in], {@code bias} [out]. Input [N, in], or [N, ...] flattened. */
public final class Linear extends Module {
    private final Variable weight, bias;

    public Linear(int in, int out, boolean bias, Generator g, DType dtype) {
        this.weight = registerParameter("weight", Init.defaultWeight(g, dtype, out, in));
        this.bias = bias ? registerParameter("bias", Init.defaultBias(g, dtype, in, out)) : null;
    }

    @Override public Variable forward(Variable x) { return F.linear(x.rank() == 2 ? x : x.flatten(), weight, bias); }
}

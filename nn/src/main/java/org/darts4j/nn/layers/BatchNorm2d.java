package org.darts4j.nn.layers;

import org.darts4j.autograd.F;
import org.darts4j.autograd.Variable;
import org.darts4j.nn.Module;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Tensor;

/**
 * {@code nn.BatchNorm2d}: {@code weight} and {@code bias} when affine; buffers {@code running_mean},
 * {@code running_var} and {@code num_batches_tracked}. Batch statistics in training mode, running ones in evaluation.
 */
public final class BatchNorm2d extends Module {
    private final Variable weight, bias;
    private final double momentum, eps;

    public BatchNorm2d(int channels, boolean affine, double momentum, double eps, DType dtype) {
        this.weight = affine ? registerParameter("weight", Tensor.ones(dtype, channels)) : null;
        this.bias = affine ? registerParameter("bias", Tensor.zeros(dtype, channels)) : null;
        registerBuffer("running_mean", Tensor.zeros(dtype, channels));
        registerBuffer("running_var", Tensor.ones(dtype, channels));
        registerBuffer("num_batches_tracked", Tensor.zeros(DType.FLOAT64));
        this.momentum = momentum;
        this.eps = eps;
    }

    public BatchNorm2d(int channels, boolean affine, DType dtype) { this(channels, affine, 0.1, 1e-5, dtype); }

    @Override public Variable forward(Variable x) {
        if (isTraining()) {
            Tensor batches = buffer("num_batches_tracked");
            batches.assign(batches.add(1));
        }
        return F.batchNorm2d(x, weight, bias, buffer("running_mean"), buffer("running_var"), isTraining(), momentum, eps);
    }
}

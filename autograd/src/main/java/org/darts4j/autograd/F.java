package org.darts4j.autograd;

import org.darts4j.tensor.ConvParams;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.PoolParams;
import org.darts4j.tensor.Shape;
import org.darts4j.tensor.Tensor;

/**
 * The layers' functions, like {@code torch.nn.functional}. Those not primitive in {@link Variable} are composed of
 * its differentiable operations, so every one has gradients of gradients.
 */
public final class F {
    private F() {}

    /** {@code conv2d(x, w) + b} with {@code b} of shape [O] (or null). */
    public static Variable conv2d(Variable x, Variable w, Variable b, ConvParams p) {
        Variable y = x.conv2d(w, p);
        if (b == null) return y;
        if (b.rank() != 1 || b.size(0) != w.size(0))
            throw new IllegalArgumentException("conv2d: bias " + b.shape() + " does not match weight " + w.shape() + " (expected [" + w.size(0) + "])");
        return y.add(b.reshape(1, b.size(0), 1, 1));
    }

    /** {@code y = x·wᵀ + b} for x [N, in], w [out, in], b [out] (or null). */
    public static Variable linear(Variable x, Variable w, Variable b) {
        if (x.rank() != 2 || w.rank() != 2 || x.size(1) != w.size(1))
            throw new IllegalArgumentException("linear: input " + x.shape() + " and weight " + w.shape() + " do not match (expected [N, in] and [out, in])");
        Variable y = x.matmul(w.transpose(0, 1));
        if (b == null) return y;
        if (b.rank() != 1 || b.size(0) != w.size(0))
            throw new IllegalArgumentException("linear: bias " + b.shape() + " does not match weight " + w.shape());
        return y.add(b);
    }

    public static Variable relu(Variable x) { return x.relu(); }

    public static Variable maxPool2d(Variable x, PoolParams p) { return x.maxPool2d(p); }

    public static Variable avgPool2d(Variable x, PoolParams p) { return x.avgPool2d(p); }

    /**
     * Σ_k w_k·x_k for same-shaped {@code xs} (a null entry is a zero term) and weights {@code w} of shape [K]: the DARTS
     * mixed operation ō(x) = Σ_k p_k o_k(x), computed in one pass. Differentiable to any order.
     */
    public static Variable weightedSum(java.util.List<Variable> xs, Variable w) { return Variable.weightedSum(xs, w); }

    /** Mean over H and W, keeping them as size-1 dimensions: [N, C, 1, 1]. */
    public static Variable globalAvgPool2d(Variable x) {
        if (x.rank() != 4) throw new IllegalArgumentException("global_avg_pool2d: input " + x.shape() + " must be 4-D (NCHW)");
        return x.mean(new int[] {2, 3}, true);
    }

    /**
     * Batch normalisation over N, H and W of NCHW input. In training mode the batch mean and biased variance normalise
     * and the running statistics (when given) are updated in place with the unbiased variance:
     * {@code running = (1 - momentum)·running + momentum·batch}. In evaluation mode the running statistics normalise.
     * {@code weight} and {@code bias} may be null (no affine transform).
     */
    public static Variable batchNorm2d(Variable x, Variable weight, Variable bias, Tensor runningMean, Tensor runningVar,
                                       boolean training, double momentum, double eps) {
        if (x.rank() != 4) throw new IllegalArgumentException("batch_norm2d: input " + x.shape() + " must be 4-D (NCHW)");
        int c = x.size(1);
        checkChannels("weight", weight == null ? null : weight.shape(), c, x);
        checkChannels("bias", bias == null ? null : bias.shape(), c, x);
        checkChannels("running_mean", runningMean == null ? null : runningMean.shape(), c, x);
        checkChannels("running_var", runningVar == null ? null : runningVar.shape(), c, x);
        Tensor mean, invstd;
        if (training) {
            long count = (long) x.size(0) * x.size(2) * x.size(3);
            if (count < 2) throw new IllegalArgumentException("batch_norm2d: training needs more than one value per channel, input " + x.shape());
            Tensor[] stats = x.data().backend().batchNorm2dStatistics(x.data());
            mean = stats[0];
            invstd = stats[1].add(eps).rsqrt();
            if (runningMean != null && runningVar != null) {
                Tensor bv = stats[1].mul((double) count / (count - 1));
                runningMean.assign(runningMean.mul(1 - momentum).add(mean.mul(momentum)));
                runningVar.assign(runningVar.mul(1 - momentum).add(bv.mul(momentum)));
            }
        } else {
            if (runningMean == null || runningVar == null)
                throw new IllegalArgumentException("batch_norm2d: evaluation mode needs running_mean and running_var");
            mean = runningMean.reshape(c);
            invstd = runningVar.reshape(c).add(eps).rsqrt();
        }
        return Variable.batchNorm2d(x, weight, bias, mean, invstd, training, eps);
    }

    private static void checkChannels(String what, Shape s, int c, Variable x) {
        if (s != null && (s.rank() != 1 || s.dim(0) != c))
            throw new IllegalArgumentException("batch_norm2d: " + what + " " + s + " does not match input " + x.shape() + " (expected [" + c + "])");
    }

    /** {@code exp(x_i) / Σ_j exp(x_j)} along {@code dim}, computed after subtracting the (constant) maximum. */
    public static Variable softmax(Variable x, int dim) {
        Variable shifted = x.sub(x.max(dim, true).detach());
        Variable e = shifted.exp();
        return e.div(e.sum(dim, true));
    }

    /** {@code x_i - log Σ_j exp(x_j)} along {@code dim}. */
    public static Variable logSoftmax(Variable x, int dim) {
        Variable shifted = x.sub(x.max(dim, true).detach());
        return shifted.sub(shifted.exp().sum(dim, true).log());
    }

    /** Mean cross-entropy of logits [N, K] against class indices. */
    public static Variable crossEntropy(Variable logits, int[] target) {
        if (logits.rank() != 2) throw new IllegalArgumentException("cross_entropy: logits " + logits.shape() + " must be [N, K]");
        int n = logits.size(0), k = logits.size(1);
        if (target.length != n)
            throw new IllegalArgumentException("cross_entropy: " + target.length + " targets for logits " + logits.shape() + " (expected " + n + ")");
        double[] onehot = new double[n * k];
        for (int i = 0; i < n; i++) {
            if (target[i] < 0 || target[i] >= k)
                throw new IllegalArgumentException("cross_entropy: target " + target[i] + " at position " + i + " is not a class in [0, " + k + ")");
            onehot[i * k + target[i]] = 1;
        }
        Variable mask = Variable.constant(Tensor.fromArray(logits.dtype(), onehot, n, k).to(logits.data().backend()));
        return logSoftmax(logits, 1).mul(mask).sum().div(-n);
    }

    /** Mean squared error; {@code target} must have {@code x}'s shape. */
    public static Variable mseLoss(Variable x, Variable target) {
        if (!x.shape().equals(target.shape()))
            throw new IllegalArgumentException("mse_loss: input " + x.shape() + " and target " + target.shape() + " differ");
        return x.sub(target).square().mean();
    }

    /** Inverted dropout: zeroes each element with probability {@code p} and scales the rest by 1/(1-p). */
    public static Variable dropout(Variable x, double p, boolean training, Generator gen) {
        if (p < 0 || p >= 1) throw new IllegalArgumentException("dropout: p must be in [0, 1), got " + p);
        if (!training || p == 0) return x;
        Tensor mask = Tensor.uniform(gen, x.dtype(), 0, 1, x.shape().dims()).gt(p).div(1 - p);
        return x.mul(Variable.constant(mask.to(x.data().backend())));
    }
}

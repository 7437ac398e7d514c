package org.darts4j.tensor;

/**
 * The kernels a device implements. Every method returns a new contiguous tensor on this backend's device, except
 * {@link #assign}, which writes into a (possibly strided) view. Shapes have been checked by {@link Tensor} before a
 * kernel is called. The CPU backend is the reference for every other backend.
 */
public interface Backend {
    Device device();

    /** A one-line description of the device (name, memory), for logs and benchmark output. */
    default String describe() { return device().toString(); }

    /** Waits until every launched kernel has finished (for timing); the CPU's kernels are synchronous. */
    default void synchronize() {}

    /** The most bytes live tensors held at once on the device, or −1 where the backend does not count (the CPU: see the process's RSS). */
    default long peakBytesInUse() { return -1; }

    /** Whether the device computes in double precision. */
    default boolean hasFloat64() { return true; }

    /** A zero-filled buffer of {@code length} elements. */
    Storage allocate(DType dtype, int length);

    /**
     * Takes back storage that {@code scope} allocated, for a later {@link #allocate} of the same length (see
     * {@link Recycling}); returns whether it did. Backends that do not pool memory keep the default: never.
     */
    default boolean recycle(Storage s, Recycling scope) { return false; }

    /** A buffer holding a copy of host data (converted to {@code dtype}). */
    Storage upload(DType dtype, double[] data);

    Storage upload(float[] data);

    /** Reads a contiguous range of a storage back to the host. */
    double[] download(Storage s, int offset, int length);

    float[] downloadFloat(Storage s, int offset, int length);

    Tensor unary(UnaryOp op, Tensor x);

    /** Element-wise op with NumPy broadcasting of {@code a} and {@code b}. */
    Tensor binary(BinaryOp op, Tensor a, Tensor b);

    Tensor reduce(ReduceOp op, Tensor x, int[] dims, boolean keepDim);

    /** Copies {@code src}, broadcast and converted, into the view {@code dst}. */
    void assign(Tensor dst, Tensor src);

    /** Matrix product of two 2-D tensors. */
    Tensor matmul(Tensor a, Tensor b);

    Tensor conv2d(Tensor x, Tensor w, ConvParams p);

    /** The adjoint of {@link #conv2d} in x (a transposed convolution): the gradient of x for upstream {@code gy}. */
    Tensor conv2dInputGrad(Tensor gy, Tensor w, Shape xShape, ConvParams p);

    /** The gradient of the weight for upstream {@code gy}: sum over the batch of gy correlated with x. */
    Tensor conv2dWeightGrad(Tensor x, Tensor gy, Shape wShape, ConvParams p);

    Tensor maxPool2d(Tensor x, PoolParams p);

    /** Scatters {@code gy} to the positions of each window's maximum in {@code x} (the gradient of max pooling). */
    Tensor maxPool2dScatter(Tensor gy, Tensor x, PoolParams p);

    /** Reads {@code h} at the positions of each window's maximum in {@code x}: the adjoint of the scatter. */
    Tensor maxPool2dGather(Tensor h, Tensor x, PoolParams p);

    Tensor avgPool2d(Tensor x, PoolParams p);

    /** The adjoint of {@link #avgPool2d}: spreads each gradient over its window. */
    Tensor avgPool2dBackward(Tensor gy, Shape xShape, PoolParams p);

    /** Per-channel mean and biased variance of NCHW {@code x} over N, H and W: {mean [C], var [C]} in x's dtype. */
    Tensor[] batchNorm2dStatistics(Tensor x);

    /** y = (x − mean)·invstd·weight + bias per channel of NCHW {@code x}; weight and bias [C] may be null. */
    Tensor batchNorm2dApply(Tensor x, Tensor mean, Tensor invstd, Tensor weight, Tensor bias);

    /**
     * The gradients {gx, gweight, gbias} of {@link #batchNorm2dApply} for upstream {@code gy}: with batch statistics
     * ({@code training}: mean and invstd are functions of x) or fixed ones. gweight = Σ gy·x̂, gbias = Σ gy.
     */
    Tensor[] batchNorm2dBackward(Tensor gy, Tensor x, Tensor mean, Tensor invstd, Tensor weight, boolean training);

    /**
     * Σ_k w_k·xs[k] over tensors of one shape, with the weights a [k] tensor on this device (they stay there: no
     * round trip to the host); null entries are left out (at least one must be present).
     */
    Tensor weightedSum(Tensor[] xs, Tensor w);

    /** [⟨g, xs[k]⟩]_k as a [k] tensor (0 where xs[k] is null): the adjoint of {@link #weightedSum} in its weights. */
    Tensor dots(Tensor g, Tensor[] xs);
}

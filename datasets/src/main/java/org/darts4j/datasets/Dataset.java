package org.darts4j.datasets;

import org.darts4j.tensor.DType;
import org.darts4j.tensor.Shape;
import org.darts4j.tensor.Tensor;

/**
 * An indexable set of examples: an image of shape [C, H, W] (any channel count, any H x W) with a class label or a
 * vector of regression targets. Implementations hold their data in memory; reading an example copies its pixels as
 * floats.
 */
public interface Dataset {
    String name();

    int size();

    /** [C, H, W]. */
    Shape imageShape();

    Task task();

    /** Copies example {@code i}'s pixels (C·H·W floats, channel-major) into {@code dst} at {@code offset}. */
    void readImage(int i, float[] dst, int offset);

    /** The class of example {@code i} (classification only). */
    int label(int i);

    /** Copies example {@code i}'s targets ({@link Task#outputs()} floats) into {@code dst} at {@code offset} (regression only). */
    void readTarget(int i, float[] dst, int offset);

    /** Example {@code i}'s image as a [C, H, W] tensor. */
    default Tensor image(int i, DType dtype) {
        float[] px = new float[imageShape().numel()];
        readImage(i, px, 0);
        return Tensor.of(px, imageShape().dims()).to(dtype);
    }

    /** Examples {@code indices} of this data set, in that order. */
    default Dataset subset(int[] indices, String name) { return new Subset(this, indices, name); }

    /** Examples [from, to) by position. */
    default Dataset range(int from, int to, String name) {
        if (from < 0 || to > size() || from > to)
            throw new IllegalArgumentException("range [" + from + ", " + to + ") is outside data set " + name() + " of " + size() + " examples");
        int[] idx = new int[to - from];
        for (int k = 0; k < idx.length; k++) idx[k] = from + k;
        return subset(idx, name);
    }
}

package org.darts4j.datasets;

import org.darts4j.tensor.Backend;
import org.darts4j.tensor.Tensor;

/**
 * One mini-batch: images [N, C, H, W], and either class labels or regression targets [N, T] (the other is null);
 * {@code indices} are the examples' positions in the loader's data set.
 */
public record Batch(Tensor images, int[] labels, Tensor targets, int[] indices) {
    public int size() { return indices.length; }

    /** The images and targets on {@code b}'s device (this batch when they are there). */
    public Batch to(Backend b) {
        if (images.backend() == b) return this;
        return new Batch(images.to(b), labels, targets == null ? null : targets.to(b), indices);
    }
}

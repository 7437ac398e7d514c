package org.darts4j.datasets;

import org.darts4j.tensor.Generator;
import org.darts4j.tensor.Shape;

/**
 * A per-example image transform applied in place while a batch is assembled: {@code px[offset ..]} holds one image of
 * shape [C, H, W]. Random transforms draw from {@code rng}, which the loader seeds per batch, so that augmentation is
 * reproducible whatever the number of loader threads.
 */
@FunctionalInterface
public interface Transform {
    void apply(float[] px, int offset, Shape chw, Generator rng);
}

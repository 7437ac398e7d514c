package org.darts4j.tensor;

/** A flat buffer of elements on one device; tensors are strided views of it. */
public interface Storage {
    DType dtype();

    /** Number of elements. */
    int length();

    /** The backend that owns this storage and runs kernels on it. */
    Backend backend();
}

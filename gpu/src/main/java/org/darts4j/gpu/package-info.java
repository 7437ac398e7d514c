/**
 * GPU backends implementing {@link org.darts4j.tensor.Backend}: CUDA through JCuda (PTX built from the shared
 * {@code kernels.cl}, cuBLAS through JCublas when a CUDA 12 cuBLAS loads) and OpenCL through JOCL (the same source
 * built at start). {@link org.darts4j.gpu.Devices} resolves {@code --device}.
 */
package org.darts4j.gpu;

/**
 * GPU backends implementing {@link org.darts4j.tensor.Backend}: CUDA through JCuda and OpenCL through JOCL. Filled by
 * the GPU issue; until then {@code --device auto} falls back to the CPU.
 */
package org.darts4j.gpu;

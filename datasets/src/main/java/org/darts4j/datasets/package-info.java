/**
 * Data sets as tensors: MNIST and Fashion-MNIST (IDX), CIFAR-10 (binary batches), graphene kirigami, NPY and CSV
 * tables; splits, transforms and a prefetching loader. Filled by the data-set issue; NPY and NPZ reading already lives
 * in {@link org.darts4j.tensor.io}.
 */
package org.darts4j.datasets;

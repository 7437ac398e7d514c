/**
 * Modules with named parameters and buffers (PyTorch {@code state_dict} names), layers, losses, optimizers,
 * schedules, checkpoints and the ResNet baselines. Filled by the layers and optimizers issue; the functions the
 * layers call ({@code conv2d}, {@code batchNorm2d}, ...) are in {@link org.darts4j.autograd.F}.
 */
package org.darts4j.nn;

/**
 * Sparsity and collapse of a finished (or running) search: how far softmax(α) is from uniform on each edge, how much
 * of its mass sits on parameter-free operations, and how many skip connections the derived cell keeps, per epoch.
 */
package org.darts4j.darts.sparsity;

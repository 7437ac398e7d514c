/**
 * Curvature of the validation loss in architecture space: products with ∇²_α L_val(w, α), its dominant eigenvalue by
 * power iteration, the full Hessian and its spectrum, and the RobustDARTS early-stopping rule built on them.
 */
package org.darts4j.darts.curvature;

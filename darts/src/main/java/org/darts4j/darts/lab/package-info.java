/**
 * The hypergradient laboratory: every estimator of dL_val(w*(α), α)/dα on the same network state and batches, measured
 * against the exact one-step hypergradient and the implicit one solved to a tolerance; the finite-difference step
 * sweep; the terms of equation 7 of the paper on real numbers; the curvature of L_val in α.
 */
package org.darts4j.darts.lab;

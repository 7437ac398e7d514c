package org.darts4j.darts.hypergradient;

import java.util.List;
import org.darts4j.autograd.Variable;

/**
 * The bilevel problem of DARTS: min_α L_val(w*(α), α) subject to w*(α) = argmin_w L_train(w, α). The losses are
 * evaluated at the current values of the weights w, which an estimator may move temporarily (and restores).
 */
public interface BilevelProblem {
    /** w: leaves whose values the estimators set and restore. */
    List<Variable> weights();

    /** α. */
    List<Variable> alphas();

    /** L_train(w, α) on the current training batch. */
    Variable trainLoss();

    /** L_val(w, α) on the current validation batch. */
    Variable valLoss();
}

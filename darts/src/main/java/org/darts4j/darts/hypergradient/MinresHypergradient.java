package org.darts4j.darts.hypergradient;

import java.util.List;
import java.util.Locale;
import org.darts4j.tensor.Tensor;

/**
 * The implicit hypergradient solved to a tolerance, the reference the laboratory measures the other estimators against:
 * <pre>
 *   (∇²_w L_train(w, α) + λI + δI) x = ∇_w L_val(w, α)    by MINRES (Paige and Saunders, 1975) to ‖r‖ ≤ tol·‖v‖
 *   dL_val/dα = ∇_α L_val(w, α) − ∇²_{α,w} L_train(w, α) · x
 * </pre>
 * MINRES needs only a symmetric matrix, so it also solves where the Hessian of L_train is indefinite (as it is on a
 * network that is not trained to a minimum), unlike conjugate gradient. If the tolerance is not reached in the given
 * iterations, the estimate is refused with {@link HypergradientDivergedException} naming the residual reached.
 */
public final class MinresHypergradient extends ImplicitHypergradient {
    private final double tol, damping;
    private final int maxIterations;
    private int iterations;
    private double relativeResidual;

    public MinresHypergradient(double tol, int maxIterations, double damping) {
        if (!(tol > 0 && tol < 1)) throw new IllegalArgumentException("MINRES tolerance must be in (0, 1), got " + tol);
        if (maxIterations < 1) throw new IllegalArgumentException("MINRES iterations must be at least 1, got " + maxIterations);
        if (!(damping >= 0)) throw new IllegalArgumentException("damping must be ≥ 0, got " + damping);
        this.tol = tol;
        this.maxIterations = maxIterations;
        this.damping = damping;
    }

    /** Iterations the last solve took. */
    public int iterations() { return iterations; }

    /** ‖A x − v‖ / ‖v‖ of the last solve (MINRES's own estimate). */
    public double relativeResidual() { return relativeResidual; }

    @Override List<Tensor> solve(TrainHessian h, List<Tensor> v, VirtualStep s) {
        double shift = s.weightDecay() + damping;
        List<Tensor> x = Vectors.zerosLike(v), w = Vectors.zerosLike(v), w2 = Vectors.zerosLike(v), r1 = v, r2 = v, y = v;
        double beta1 = Vectors.norm(v);
        iterations = 0;
        relativeResidual = 0;
        if (beta1 == 0) return x;
        double oldb = 0, beta = beta1, dbar = 0, epsln = 0, phibar = beta1, cs = -1, sn = 0;
        for (int itn = 1; itn <= maxIterations; itn++) {
            List<Tensor> vk = Vectors.scale(y, 1 / beta);
            y = h.shifted(vk, shift);
            if (itn >= 2) y = Vectors.axpy(y, -beta / oldb, r1);
            double alfa = Vectors.dot(vk, y);
            y = Vectors.axpy(y, -alfa / beta, r2);
            r1 = r2;
            r2 = y;
            oldb = beta;
            beta = Vectors.norm(r2);
            double oldeps = epsln;
            double delta = cs * dbar + sn * alfa;
            double gbar = sn * dbar - cs * alfa;
            epsln = sn * beta;
            dbar = -cs * beta;
            double gamma = Math.max(Math.hypot(gbar, beta), Double.MIN_NORMAL);
            cs = gbar / gamma;
            sn = beta / gamma;
            double phi = cs * phibar;
            phibar = sn * phibar;
            List<Tensor> w1 = w2;
            w2 = w;
            w = Vectors.scale(Vectors.axpy(Vectors.axpy(vk, -oldeps, w1), -delta, w2), 1 / gamma);
            x = Vectors.axpy(x, phi, w);
            iterations = itn;
            relativeResidual = phibar / beta1;
            if (relativeResidual <= tol || beta == 0) return x;
        }
        throw new HypergradientDivergedException(String.format(Locale.ROOT, "MINRES reached a relative residual of %.3g, not %.3g, in %d iterations: raise the iterations"
                + " or the damping (the Hessian of L_train may be singular here)", relativeResidual, tol, maxIterations));
    }

    @Override public String name() { return "implicit:" + tol + (damping == 0 ? "" : ":" + damping); }
}

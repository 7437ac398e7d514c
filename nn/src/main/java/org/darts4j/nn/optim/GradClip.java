package org.darts4j.nn.optim;

import java.util.List;
import org.darts4j.autograd.GradMode;
import org.darts4j.autograd.Variable;

/** {@code clip_grad_norm_}: scales every gradient by min(1, maxNorm / (‖g‖₂ + 1e-6)), ‖g‖ over all of them. */
public final class GradClip {
    private GradClip() {}

    /** Returns the total norm before clipping. */
    public static double clipNorm(List<Variable> params, double maxNorm) {
        try (var s = GradMode.noGrad()) {
            double sq = 0;
            for (Variable p : params) if (p.grad() != null) sq += p.grad().data().square().sum().item();
            double norm = Math.sqrt(sq);
            double coef = maxNorm / (norm + 1e-6);
            if (coef < 1)
                for (Variable p : params) if (p.grad() != null) p.setGrad(Variable.constant(p.grad().data().mul(coef)));
            return norm;
        }
    }
}

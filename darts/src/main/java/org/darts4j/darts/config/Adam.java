package org.darts4j.darts.config;

import org.darts4j.darts.run.Ranges;

/**
 * The architecture optimiser of DARTS: Adam on α with learning rate {@code lr}, moments β₁, β₂ and weight decay λ,
 * <pre>  g ← ∇_α L_val + λ α,  m ← β₁ m + (1 − β₁) g,  v ← β₂ v + (1 − β₂) g²,  α ← α − lr · m̂ / (√v̂ + ε)</pre>
 * (m̂, v̂ bias-corrected). The reference: lr 3e-4, β = (0.5, 0.999), λ = 1e-3.
 */
public record Adam(double lr, double beta1, double beta2, double weightDecay) {
    public Adam {
        Ranges.positive("--arch-lr", lr);
        Ranges.inHalfOpen("--arch-betas (first)", beta1, 0, 1);
        Ranges.inHalfOpen("--arch-betas (second)", beta2, 0, 1);
        Ranges.atLeast("--arch-weight-decay", weightDecay, 0);
    }
}

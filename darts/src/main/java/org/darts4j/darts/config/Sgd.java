package org.darts4j.darts.config;

import org.darts4j.darts.run.Ranges;

/**
 * The weight optimiser: SGD with momentum μ and weight decay λ (Nesterov's form optional), the gradient's norm clipped to
 * {@code gradClip} (0: off) before the step:
 * <pre>  g ← clip(∇_w L + λ w),  v ← μ v + g,  w ← w − η v   (Nesterov: w ← w − η (g + μ v))</pre>
 * with η the initial learning rate {@code lr}, then as the {@link LrSchedule} says.
 */
public record Sgd(double lr, double momentum, double weightDecay, boolean nesterov, double gradClip) {
    public Sgd {
        Ranges.positive("--lr", lr);
        Ranges.inHalfOpen("--momentum", momentum, 0, 1);
        Ranges.atLeast("--weight-decay", weightDecay, 0);
        Ranges.atLeast("--grad-clip (0: off)", gradClip, 0);
    }
}

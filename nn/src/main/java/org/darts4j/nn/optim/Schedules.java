package org.darts4j.nn.optim;

/** Learning-rate schedules by epoch, as PyTorch's (closed forms, so that a resumed run gets the same rates). */
public final class Schedules {
    private Schedules() {}

    /** The learning rate at the start of epoch e (0-based). */
    @FunctionalInterface
    public interface Schedule { double lr(int epoch); }

    /** {@code CosineAnnealingLR(T_max, eta_min)}: η_min + (η₀ − η_min)(1 + cos(π e / T_max)) / 2. */
    public static Schedule cosine(double lr0, int tMax, double lrMin) {
        if (tMax < 1) throw new IllegalArgumentException("cosine schedule: T_max must be positive, got " + tMax);
        return e -> lrMin + (lr0 - lrMin) * (1 + Math.cos(Math.PI * e / tMax)) / 2;
    }

    /** {@code StepLR(step_size, gamma)}: η₀ · γ^⌊e / step⌋. */
    public static Schedule step(double lr0, int stepSize, double gamma) {
        if (stepSize < 1) throw new IllegalArgumentException("step schedule: step size must be positive, got " + stepSize);
        return e -> lr0 * Math.pow(gamma, e / stepSize);
    }

    public static Schedule constant(double lr0) { return e -> lr0; }
}

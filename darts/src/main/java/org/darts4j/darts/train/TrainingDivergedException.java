package org.darts4j.darts.train;

import java.nio.file.Path;

/**
 * Divergence: a non-finite loss, metric or gradient norm, in training or evaluation. The run stops, naming where; the
 * epoch's checkpoint is not written, so the folder keeps its last good one (a checkpoint holding a NaN is refused on
 * its own as well, {@link org.darts4j.nn.checkpoint.Checkpoint}).
 */
public final class TrainingDivergedException extends RuntimeException {
    public TrainingDivergedException(String message) { super(message); }

    /**
     * Stops the run unless every value is finite; {@code namesAndValues} alternates a name (String) and its value
     * (Double), in the order they are reported.
     */
    public static void requireFinite(int epoch, Path dir, Object... namesAndValues) {
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            double v = ((Number) namesAndValues[i + 1]).doubleValue();
            if (!Double.isFinite(v))
                throw new TrainingDivergedException(namesAndValues[i] + " is " + v + " after epoch " + epoch
                        + "; stopped without writing its checkpoint (the last good one stays in " + dir + "); try a smaller --lr or a --grad-clip");
        }
    }
}

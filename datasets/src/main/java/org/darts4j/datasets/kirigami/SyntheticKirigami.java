package org.darts4j.datasets.kirigami;

import org.darts4j.tensor.Generator;

/**
 * SYNTHETIC kirigami data for tests and demos, never the real thing: random 3x5 cut grids (each cell cut with
 * probability {@code cutProbability}) rendered like the real data, with smooth surrogate targets that only imitate
 * the physics qualitatively. With n_r the number of cuts in grid row r and L_r the longest run of adjacent cuts in it:
 * <pre>
 *   yield strain  = 0.25 + 0.06 · Σ_r L_r^1.5 / 3 − 0.01 · Σ_r n_r + noise·ε₁
 *   toughness     = 8 · yield strain · (1 − 0.03 · Σ_r n_r) + noise·ε₂
 *   yield stress  = 95 − 4.5 · Σ_r n_r − 3 · max_r L_r + noise·ε₃
 * </pre>
 * with ε standard normal from the seeded generator. Longer aligned cuts stretch further (as in the paper's finding
 * that long cuts raise the yield strain); more cuts weaken the sheet.
 */
public final class SyntheticKirigami {
    private SyntheticKirigami() {}

    public static Kirigami.Table generate(int rows, double cutProbability, double noise, long seed) {
        if (rows < 1) throw new IllegalArgumentException("synthetic kirigami needs at least one row, got " + rows);
        Generator g = new Generator(seed);
        float[] grids = new float[rows * KirigamiView.CELLS], targets = new float[rows * 3];
        for (int i = 0; i < rows; i++) {
            int cuts = 0, longest = 0;
            double runs = 0;
            for (int r = 0; r < KirigamiView.ROWS; r++) {
                int run = 0, best = 0;
                for (int c = 0; c < KirigamiView.COLS; c++) {
                    boolean cut = g.nextDouble() < cutProbability;
                    grids[i * KirigamiView.CELLS + r * KirigamiView.COLS + c] = cut ? 0 : 1;
                    if (cut) { cuts++; run++; best = Math.max(best, run); } else run = 0;
                }
                runs += Math.pow(best, 1.5);
                longest = Math.max(longest, best);
            }
            double strain = 0.25 + 0.06 * runs / 3 - 0.01 * cuts + noise * g.nextGaussian();
            targets[i * 3] = (float) strain;
            targets[i * 3 + 1] = (float) (8 * strain * (1 - 0.03 * cuts) + noise * g.nextGaussian());
            targets[i * 3 + 2] = (float) (95 - 4.5 * cuts - 3 * longest + noise * g.nextGaussian());
        }
        return new Kirigami.Table("kirigami-synthetic(seed=" + seed + ")", grids, targets, rows);
    }
}

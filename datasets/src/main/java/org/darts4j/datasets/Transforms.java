package org.darts4j.datasets;

import java.util.Arrays;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.Shape;

/**
 * The image transforms of the DARTS reference's data pipelines: random crop with zero padding, horizontal flip,
 * per-channel normalisation and cutout.
 */
public final class Transforms {
    private Transforms() {}

    /**
     * Pads by {@code padding} zeros on every side and crops back to H x W at a random offset, as
     * {@code RandomCrop(size, padding)}.
     */
    public static Transform randomCrop(int padding) {
        if (padding < 0) throw new IllegalArgumentException("random crop padding must be non-negative, got " + padding);
        return (px, off, s, rng) -> {
            if (padding == 0) return;
            int c = s.dim(0), h = s.dim(1), w = s.dim(2);
            int dy = rng.nextInt(2 * padding + 1) - padding, dx = rng.nextInt(2 * padding + 1) - padding;
            if (dy == 0 && dx == 0) return;
            float[] tmp = new float[h * w];
            for (int ch = 0; ch < c; ch++) {
                int base = off + ch * h * w;
                Arrays.fill(tmp, 0);
                for (int y = 0; y < h; y++) {
                    int sy = y + dy;
                    if (sy < 0 || sy >= h) continue;
                    int x0 = Math.max(0, -dx), x1 = Math.min(w, w - dx);
                    if (x1 > x0) System.arraycopy(px, base + sy * w + x0 + dx, tmp, y * w + x0, x1 - x0);
                }
                System.arraycopy(tmp, 0, px, base, h * w);
            }
        };
    }

    /** Mirrors left-right with probability {@code p}. */
    public static Transform horizontalFlip(double p) {
        return (px, off, s, rng) -> {
            if (rng.nextDouble() >= p) return;
            int w = s.dim(2), rows = s.dim(0) * s.dim(1);
            for (int r = 0; r < rows; r++) {
                int a = off + r * w, b = a + w - 1;
                while (a < b) { float t = px[a]; px[a++] = px[b]; px[b--] = t; }
            }
        };
    }

    /** {@code (x − mean_c) / std_c} per channel. */
    public static Transform normalize(float[] mean, float[] std) {
        float[] m = mean.clone(), inv = new float[std.length];
        for (int i = 0; i < std.length; i++) {
            if (!(std[i] > 0)) throw new IllegalArgumentException("normalise: standard deviation of channel " + i + " is " + std[i] + ", expected > 0");
            inv[i] = 1 / std[i];
        }
        return (px, off, s, rng) -> {
            if (s.dim(0) != m.length)
                throw new IllegalArgumentException("normalise: " + m.length + " channel statistics for images of shape " + s);
            int plane = s.dim(1) * s.dim(2);
            for (int ch = 0; ch < m.length; ch++) {
                int base = off + ch * plane;
                float mc = m[ch], ic = inv[ch];
                for (int k = 0; k < plane; k++) px[base + k] = (px[base + k] - mc) * ic;
            }
        };
    }

    /**
     * Zeroes a {@code length} x {@code length} square (clipped at the border) around a uniformly drawn centre, in
     * every channel, as the DARTS reference's {@code Cutout}.
     */
    public static Transform cutout(int length) {
        if (length < 1) throw new IllegalArgumentException("cutout length must be positive, got " + length);
        return (px, off, s, rng) -> {
            int c = s.dim(0), h = s.dim(1), w = s.dim(2);
            int cy = rng.nextInt(h), cx = rng.nextInt(w);
            int y0 = Math.max(0, cy - length / 2), y1 = Math.min(h, cy + length / 2);
            int x0 = Math.max(0, cx - length / 2), x1 = Math.min(w, cx + length / 2);
            for (int ch = 0; ch < c; ch++)
                for (int y = y0; y < y1; y++) Arrays.fill(px, off + (ch * h + y) * w + x0, off + (ch * h + y) * w + x1, 0);
        };
    }

    /** Per-channel mean and (population) standard deviation of every pixel of a data set, for {@link #normalize}. */
    public static float[][] channelStatistics(Dataset d) {
        Shape s = d.imageShape();
        int c = s.dim(0), plane = s.dim(1) * s.dim(2);
        double[] sum = new double[c], sq = new double[c];
        float[] px = new float[s.numel()];
        for (int i = 0; i < d.size(); i++) {
            d.readImage(i, px, 0);
            for (int ch = 0; ch < c; ch++) {
                double a = 0, b = 0;
                for (int k = ch * plane; k < (ch + 1) * plane; k++) { a += px[k]; b += (double) px[k] * px[k]; }
                sum[ch] += a;
                sq[ch] += b;
            }
        }
        float[] mean = new float[c], std = new float[c];
        double n = (double) d.size() * plane;
        for (int ch = 0; ch < c; ch++) {
            double m = sum[ch] / n;
            mean[ch] = (float) m;
            std[ch] = (float) Math.sqrt(Math.max(sq[ch] / n - m * m, 0));
        }
        return new float[][] {mean, std};
    }
}

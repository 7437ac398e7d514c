package org.darts4j.datasets.preview;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.darts4j.datasets.Dataset;
import org.darts4j.tensor.Shape;
import org.darts4j.tensor.io.AtomicFile;

/**
 * A PNG grid of the first examples of a data set, each captioned with its class index or its (first) target value.
 * Captions use a built-in 3x5 pixel font, so no system font is needed on a headless machine. One channel is drawn in
 * grey, three as RGB; any other count shows its first channel. Each image is scaled to its own minimum and maximum.
 */
public final class SampleGrid {
    private SampleGrid() {}

    /** 3x5 glyphs, rows top to bottom, bits left to right. */
    private static final String GLYPHS = "0123456789.-eE ";
    private static final int[][] FONT = {
            {7, 5, 5, 5, 7}, {2, 6, 2, 2, 7}, {7, 1, 7, 4, 7}, {7, 1, 7, 1, 7}, {5, 5, 7, 1, 1}, {7, 4, 7, 1, 7}, {7, 4, 7, 5, 7},
            {7, 1, 1, 1, 1}, {7, 5, 7, 5, 7}, {7, 5, 7, 1, 7}, {0, 0, 0, 0, 2}, {0, 0, 7, 0, 0}, {7, 4, 7, 4, 7}, {7, 4, 7, 4, 7}, {0, 0, 0, 0, 0}};

    public static void write(Dataset d, int count, int columns, Path png) throws IOException {
        int n = Math.min(count, d.size());
        if (n == 0) throw new IllegalArgumentException("data set " + d.name() + " is empty: nothing to draw");
        Shape s = d.imageShape();
        int c = s.dim(0), h = s.dim(1), w = s.dim(2);
        int scale = Math.max(1, 56 / Math.max(h, w));
        int cols = Math.min(columns, n), rows = (n + cols - 1) / cols;
        int fontScale = 2, captionH = 5 * fontScale + 6, pad = 4;
        int cellW = Math.max(w * scale, 6 * 4 * fontScale) + pad, cellH = h * scale + captionH + pad;
        BufferedImage img = new BufferedImage(cols * cellW + pad, rows * cellH + pad, BufferedImage.TYPE_INT_RGB);
        fill(img, 0, 0, img.getWidth(), img.getHeight(), 0x202020);
        float[] px = new float[s.numel()];
        float[] t = new float[Math.max(1, d.task().outputs())];
        for (int i = 0; i < n; i++) {
            d.readImage(i, px, 0);
            float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
            for (float v : px) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
            float range = hi > lo ? hi - lo : 1;
            int x0 = pad + (i % cols) * cellW, y0 = pad + (i / cols) * cellH;
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    int rgb;
                    if (c == 3) {
                        int r = level(px[y * w + x], lo, range), g = level(px[h * w + y * w + x], lo, range), b = level(px[2 * h * w + y * w + x], lo, range);
                        rgb = r << 16 | g << 8 | b;
                    } else {
                        int v = level(px[y * w + x], lo, range);
                        rgb = v << 16 | v << 8 | v;
                    }
                    fill(img, x0 + x * scale, y0 + y * scale, scale, scale, rgb);
                }
            String caption;
            if (d.task().isClassification()) caption = String.valueOf(d.label(i));
            else {
                d.readTarget(i, t, 0);
                caption = String.format(Locale.ROOT, "%.3f", t[0]);
            }
            text(img, caption, x0, y0 + h * scale + 4, fontScale, 0xffd060);
        }
        AtomicFile.write(png, tmp -> {
            if (!ImageIO.write(img, "png", tmp.toFile())) throw new IOException("no PNG writer in this JVM");
        });
    }

    private static int level(float v, float lo, float range) { return Math.max(0, Math.min(255, Math.round((v - lo) / range * 255))); }

    private static void fill(BufferedImage img, int x, int y, int w, int h, int rgb) {
        for (int j = y; j < Math.min(y + h, img.getHeight()); j++)
            for (int i = x; i < Math.min(x + w, img.getWidth()); i++) img.setRGB(i, j, rgb);
    }

    private static void text(BufferedImage img, String s, int x, int y, int scale, int rgb) {
        for (char ch : s.toCharArray()) {
            int g = GLYPHS.indexOf(ch);
            if (g < 0) g = GLYPHS.length() - 1;
            for (int r = 0; r < 5; r++)
                for (int b = 0; b < 3; b++)
                    if ((FONT[g][r] >> (2 - b) & 1) != 0) fill(img, x + b * scale, y + r * scale, scale, scale, rgb);
            x += 4 * scale;
        }
    }
}

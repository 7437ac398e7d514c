package org.darts4j.datasets.kirigami;

import org.darts4j.tensor.Shape;

/**
 * How a 3x5 cut grid becomes an image. {@code COARSE}: the grid itself, 1x3x5 (1 = no cut, 0 = cut). {@code FINE}:
 * 1x30x80 ones where a cut in coarse cell (r, c) zeroes rows r·10+4 .. r·10+6 and columns c·16 .. c·16+15 (48 pixels
 * per cut). {@code FINE_PADDED}: the fine image with one zero row above and one below, 1x32x80, so that two stride-2
 * reductions divide it evenly.
 */
public enum KirigamiView {
    COARSE(Shape.of(1, 3, 5)), FINE(Shape.of(1, 30, 80)), FINE_PADDED(Shape.of(1, 32, 80));

    public static final int ROWS = 3, COLS = 5, CELLS = 15;

    private final Shape shape;

    KirigamiView(Shape shape) { this.shape = shape; }

    public Shape shape() { return shape; }

    /** Parses {@code coarse}, {@code fine} or {@code fine-padded}. */
    public static KirigamiView parse(String s) {
        return switch (s.toLowerCase().replace('_', '-')) {
            case "coarse" -> COARSE;
            case "fine" -> FINE;
            case "fine-padded", "padded" -> FINE_PADDED;
            default -> throw new IllegalArgumentException("unknown kirigami view '" + s + "': expected coarse, fine or fine-padded");
        };
    }

    /** Writes the image of one grid (15 values, row-major, 1 = no cut) into {@code dst} at {@code offset}. */
    public void render(float[] grid, int gridOffset, float[] dst, int offset) {
        if (this == COARSE) {
            System.arraycopy(grid, gridOffset, dst, offset, CELLS);
            return;
        }
        int top = this == FINE_PADDED ? 1 : 0, w = 80, h = shape.dim(1);
        java.util.Arrays.fill(dst, offset, offset + h * w, 0);
        java.util.Arrays.fill(dst, offset + top * w, offset + (top + 30) * w, 1);
        for (int r = 0; r < ROWS; r++)
            for (int c = 0; c < COLS; c++)
                if (grid[gridOffset + r * COLS + c] == 0)
                    for (int y = r * 10 + 4; y <= r * 10 + 6; y++)
                        java.util.Arrays.fill(dst, offset + (top + y) * w + c * 16, offset + (top + y) * w + c * 16 + 16, 0);
    }
}

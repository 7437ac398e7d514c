package org.darts4j.tensor.cpu;

/**
 * Iteration over several strided operands of one shape, row by row. Dimensions of size one are dropped and adjacent
 * dimensions that are contiguous in every operand are merged, so that the innermost row is as long as possible.
 */
final class Strided {
    /** Called once per innermost row with each operand's offset at the row's start and the row length. */
    @FunctionalInterface
    interface Row { void run(int[] offsets, int length); }

    final int[] dims;
    final int[][] strides;
    final int rows;

    Strided(int[] shape, int[][] operandStrides) {
        int k = operandStrides.length;
        int[] d = new int[shape.length + 1];
        int[][] s = new int[k][shape.length + 1];
        int r = 0;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == 1) continue;
            boolean merge = r > 0;
            for (int o = 0; o < k && merge; o++) merge = s[o][r - 1] == operandStrides[o][i] * shape[i];
            if (merge) {
                d[r - 1] *= shape[i];
                for (int o = 0; o < k; o++) s[o][r - 1] = operandStrides[o][i];
            } else {
                d[r] = shape[i];
                for (int o = 0; o < k; o++) s[o][r] = operandStrides[o][i];
                r++;
            }
        }
        if (r == 0) { d[0] = 1; r = 1; }
        dims = java.util.Arrays.copyOf(d, r);
        strides = new int[k][];
        for (int o = 0; o < k; o++) strides[o] = java.util.Arrays.copyOf(s[o], r);
        int n = 1;
        for (int i = 0; i < r - 1; i++) n *= dims[i];
        rows = n;
    }

    int rowLength() { return dims[dims.length - 1]; }

    int innerStride(int operand) { return strides[operand][dims.length - 1]; }

    /**
     * Visits every row; rows are split over threads when there are enough elements, and a single row (operands that
     * are contiguous, or broadcast scalars, over the whole shape) into pieces.
     */
    void forEach(int[] base, Row row) {
        int len = rowLength();
        if (rows == 1) {
            Parallel.range(len, 1 << 15, (from, to) -> {
                int[] off = new int[base.length];
                for (int o = 0; o < base.length; o++) off[o] = base[o] + from * innerStride(o);
                row.run(off, to - from);
            });
            return;
        }
        int grain = Math.max(1, (1 << 15) / Math.max(1, len));
        Parallel.range(rows, grain, (from, to) -> rows(base, from, to, row));
    }

    /** Visits rows [from, to) on the calling thread. */
    void rows(int[] base, int from, int to, Row row) {
        int len = rowLength();
        {
            int k = base.length, outer = dims.length - 1;
            int[] idx = new int[Math.max(outer, 1)];
            int[] off = new int[k];
            int rem = from;
            for (int i = outer - 1; i >= 0; i--) { idx[i] = rem % dims[i]; rem /= dims[i]; }
            for (int o = 0; o < k; o++) {
                int p = base[o];
                for (int i = 0; i < outer; i++) p += idx[i] * strides[o][i];
                off[o] = p;
            }
            for (int r = from; r < to; r++) {
                row.run(off, len);
                for (int i = outer - 1; i >= 0; i--) {
                    if (++idx[i] < dims[i]) {
                        for (int o = 0; o < k; o++) off[o] += strides[o][i];
                        break;
                    }
                    idx[i] = 0;
                    for (int o = 0; o < k; o++) off[o] -= strides[o][i] * (dims[i] - 1);
                }
            }
        }
    }
}

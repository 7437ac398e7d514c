package org.darts4j.gpu;

import java.util.ArrayList;
import java.util.List;

/**
 * Walks of strided views for the element kernels, which index at most {@value GpuBackend#MAX_RANK} dimensions: unit
 * dimensions are dropped and neighbours that are contiguous in every operand merged; a view still deeper is cut into
 * blocks of its last six dimensions.
 */
final class Strides {
    private Strides() {}

    interface Block {
        /** dims and strides[k] have exactly MAX_RANK entries (leading ones padded with 1 and 0). */
        void accept(int[] dims, int[][] strides, int[] offsets, int count);
    }

    static void forEachBlock(int[] dims, int[][] strides, int[] offsets, Block block) {
        int ops = strides.length;
        List<Integer> d = new ArrayList<>();
        List<int[]> s = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == 0) return;
            if (dims[i] == 1) continue;
            int[] col = new int[ops];
            for (int k = 0; k < ops; k++) col[k] = strides[k][i];
            int last = d.size() - 1;
            if (last >= 0 && mergeable(d.get(last), s.get(last), dims[i], col)) {
                d.set(last, d.get(last) * dims[i]);
                s.set(last, col);
            } else {
                d.add(dims[i]);
                s.add(col);
            }
        }
        int r = d.size(), lead = Math.max(0, r - GpuBackend.MAX_RANK);
        int[] inner = new int[GpuBackend.MAX_RANK];
        int[][] innerStrides = new int[ops][GpuBackend.MAX_RANK];
        int count = 1;
        for (int j = 0; j < GpuBackend.MAX_RANK; j++) {
            int src = r - GpuBackend.MAX_RANK + j;
            inner[j] = src >= lead ? d.get(src) : 1;
            for (int k = 0; k < ops; k++) innerStrides[k][j] = src >= lead ? s.get(src)[k] : 0;
            count *= inner[j];
        }
        int[] idx = new int[lead];
        int[] off = offsets.clone();
        while (true) {
            block.accept(inner, innerStrides, off.clone(), count);
            int j = lead - 1;
            for (; j >= 0; j--) {
                if (++idx[j] < d.get(j)) { for (int k = 0; k < ops; k++) off[k] += s.get(j)[k]; break; }
                idx[j] = 0;
                for (int k = 0; k < ops; k++) off[k] -= s.get(j)[k] * (d.get(j) - 1);
            }
            if (j < 0) return;
        }
    }

    /** Whether dimension (outer, outerStrides) followed by (n, innerStrides) is one dimension in every operand. */
    private static boolean mergeable(int outer, int[] outerStrides, int n, int[] innerStrides) {
        for (int k = 0; k < outerStrides.length; k++) if (outerStrides[k] != innerStrides[k] * n) return false;
        return true;
    }
}

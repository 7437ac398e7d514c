package org.darts4j.darts.search.method;

import java.util.List;
import java.util.function.IntFunction;
import org.darts4j.autograd.F;
import org.darts4j.autograd.Variable;
import org.darts4j.darts.search.MixedOp;
import org.darts4j.tensor.PoolParams;

/**
 * What the cells of one type (normal or reduction) compute in one forward pass, given that pass's architecture
 * weights: how node i combines the edges from the earlier states. One object per cell type and forward pass, shared by
 * every cell of that type (they share α). Edge e = offset + j joins state j to node i; its stride is 2 for j < 2 in
 * a reduction cell and 1 otherwise.
 */
public sealed interface CellWeights {
    /** Node i's output from the states before it; its edges are {@code offset}, {@code offset + 1}, …. */
    Variable node(CellStates states, int offset, IntFunction<MixedOp> edge, boolean reduction);

    /** sum + h (h when sum is null), both terms dropped once added ({@link Variable#drop}): they are this node's own. */
    private static Variable accumulate(Variable sum, Variable h) {
        if (sum == null) return h;
        Variable s = sum.add(h);
        sum.drop();
        h.drop();
        return s;
    }

    /** Row e of a [edges, n] weight matrix, as a vector [n]. */
    static Variable row(Variable w, int e) { return w.slice(0, e, e + 1, 1).reshape(-1); }

    /** DARTS: node i = Σ_j ō_e(x_j), ō_e(x) = Σ_k p_{e,k} o_k(x), p = softmax(α) [edges, 8]. */
    record Relaxed(Variable p) implements CellWeights {
        @Override public Variable node(CellStates s, int offset, IntFunction<MixedOp> edge, boolean reduction) {
            Variable sum = null;
            for (int j = 0; j < s.size(); j++) {
                Variable h = edge.apply(offset + j).forward(s.get(j), s.relu(j), row(p, offset + j));
                sum = accumulate(sum, h);
            }
            return sum;
        }
    }

    /**
     * PC-DARTS: node i = Σ_j b_e · shuffle_K(cat(ō_e(x_j[:, :q]), bypass_s(x_j[:, q:]))), with p = softmax(α) and b
     * the edge normalisation (null: b ≡ 1). The shuffle is a permutation of channels and b_e scales every channel, so
     * the node is computed as shuffle_K(cat(Σ_j b_e ō_e(x_j[:, :q]), Σ_j b_e bypass_s(x_j[:, q:]))): the same
     * additions in the same order for every value, one shuffle per node instead of one per edge. With K = 1 there is
     * no split, bypass or shuffle.
     */
    record Partial(Variable p, Variable b, int k) implements CellWeights {
        @Override public Variable node(CellStates s, int offset, IntFunction<MixedOp> edge, boolean reduction) {
            Variable head = null, tail = null;
            for (int j = 0; j < s.size(); j++) {
                int e = offset + j, q = s.get(j).size(1) / k;
                Variable h;
                if (k == 1) h = edge.apply(e).forward(s.get(j), s.relu(j), row(p, e));
                else h = edge.apply(e).forward(s.head(j, q), s.headRelu(j, q), row(p, e));
                if (b != null) h = scaled(h, e);
                head = head == null ? h : head.add(h);
                if (k == 1) continue;
                Variable t = bypass(s.tail(j, q), reduction && j < 2 ? 2 : 1);
                if (b != null) t = scaled(t, e);
                tail = tail == null ? t : tail.add(t);
            }
            return k == 1 ? head : shuffle(Variable.cat(List.of(head, tail), 1), k);
        }

        private Variable scaled(Variable x, int e) { return F.weightedSum(List.of(x), b.slice(0, e, e + 1, 1)); }

        /** The channels that skip the mixed operation: unchanged at stride 1, a 2x2 max pool of stride 2 at stride 2. */
        static Variable bypass(Variable x, int stride) { return stride == 1 ? x : x.maxPool2d(PoolParams.of(2, 2, 0, true)); }

        /**
         * The channel shuffle of K groups: [N, c, H, W] viewed as [N, K, c/K, H, W], the two channel axes swapped,
         * flattened back; out[:, j·K + g] = z[:, g·(c/K) + j].
         */
        public static Variable shuffle(Variable z, int k) {
            int n = z.size(0), c = z.size(1), h = z.size(2), w = z.size(3);
            return z.reshape(n, k, c / k, h, w).transpose(1, 2).reshape(n, c, h, w);
        }
    }

    /**
     * GDAS: node i = Σ_j h_{e,k*_e} · o_{k*_e}(x_j) with k*_e the operation sampled for edge e and h the
     * straight-through hard weights [edges, 8] ({@link GumbelSample}); no other operation of the edge runs.
     */
    record Sampled(GumbelSample sample) implements CellWeights {
        @Override public Variable node(CellStates s, int offset, IntFunction<MixedOp> edge, boolean reduction) {
            Variable sum = null;
            for (int j = 0; j < s.size(); j++) {
                int e = offset + j, k = sample.index()[e], at = j;
                Variable h = edge.apply(e).forwardOne(k, s.get(j), () -> s.relu(at), sample.hard().slice(0, e, e + 1, 1).slice(1, k, k + 1, 1).reshape(1));
                sum = accumulate(sum, h);
            }
            return sum;
        }
    }
}

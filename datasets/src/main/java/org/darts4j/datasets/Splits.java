package org.darts4j.datasets;

import org.darts4j.tensor.Generator;

/** Deterministic shuffles and splits of a data set. */
public final class Splits {
    private Splits() {}

    /** A permutation of [0, n) drawn by Fisher-Yates from a generator seeded with {@code seed}. */
    public static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        Generator g = new Generator(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = g.nextInt(i + 1);
            int t = p[i]; p[i] = p[j]; p[j] = t;
        }
        return p;
    }

    /** The same examples in the order of {@link #permutation}. */
    public static Dataset shuffled(Dataset d, long seed) {
        return d.subset(permutation(d.size(), seed), d.name());
    }

    /**
     * Splits by position: the first {@code floor(fraction · n)} examples, then the rest. With {@code fraction =
     * train_portion} this is the DARTS split of the training set into the half that trains w (L_train) and the half
     * that trains α (L_val), as the reference does it ({@code indices[:split]}, {@code indices[split:]}).
     */
    public static Dataset[] byPosition(Dataset d, double fraction, String firstName, String secondName) {
        if (!(fraction > 0 && fraction < 1)) throw new IllegalArgumentException("split fraction must be in (0, 1), got " + fraction);
        int cut = (int) Math.floor(fraction * d.size());
        if (cut == 0 || cut == d.size())
            throw new IllegalArgumentException("split of " + d.size() + " examples at " + fraction + " leaves one side empty");
        return new Dataset[] {d.range(0, cut, firstName), d.range(cut, d.size(), secondName)};
    }

    /** The DARTS search split: [L_train half, L_val half] of a training set, {@code trainPortion} = 0.5 by default. */
    public static Dataset[] dartsSearch(Dataset train, double trainPortion) {
        return byPosition(train, trainPortion, train.name() + "/search-train", train.name() + "/search-val");
    }
}

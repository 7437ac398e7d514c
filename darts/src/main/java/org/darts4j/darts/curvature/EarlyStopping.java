package org.darts4j.darts.curvature;

import java.util.List;

/**
 * The DARTS-ES rule of Zela et al. (ICLR 2020, "Understanding and robustifying differentiable architecture search"):
 * with λ(i) the dominant eigenvalue of ∇²_α L_val after epoch i and λ̄(i) its mean over the last {@code k} epochs,
 * stop after epoch i when
 * <pre>  λ̄(i − k) / λ̄(i) &lt; ratio      (k = 5, ratio 0.75 by default)</pre>
 * and return the architecture of epoch i − k. Written {@code robust-darts} or {@code robust-darts:k:ratio}.
 */
public record EarlyStopping(int k, double ratio) {
    public EarlyStopping {
        if (k < 1) throw new IllegalArgumentException("early stopping window k must be at least 1, got " + k);
        if (!(ratio > 0 && ratio < 1)) throw new IllegalArgumentException("early stopping ratio must be in (0, 1), got " + ratio);
    }

    /** {@code none} (null), {@code robust-darts} or {@code robust-darts:k:ratio}. */
    public static EarlyStopping parse(String s) {
        if (s == null || s.equals("none")) return null;
        String[] f = s.split(":", -1);
        try {
            if (f[0].equals("robust-darts") && f.length == 1) return new EarlyStopping(5, 0.75);
            if (f[0].equals("robust-darts") && f.length == 3) return new EarlyStopping(Integer.parseInt(f[1]), Double.parseDouble(f[2]));
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new IllegalArgumentException("unknown early stopping '" + s + "': expected none, robust-darts or robust-darts:k:ratio");
    }

    /**
     * The epoch (1-based) whose architecture to return if the search stops after the last of {@code eigenvalues}
     * (λ(1) … λ(i)), or 0 to go on.
     */
    public int stopAt(List<Double> eigenvalues) {
        int i = eigenvalues.size();
        if (i - k < k) return 0;   // λ̄(i − k) needs k epochs before it
        double now = windowMean(eigenvalues, i), before = windowMean(eigenvalues, i - k);
        return before / now < ratio ? i - k : 0;
    }

    /** λ̄(upTo): the mean of λ over epochs upTo − k + 1 … upTo (1-based). */
    public double windowMean(List<Double> l, int upTo) {
        double s = 0;
        for (int e = upTo - k; e < upTo; e++) s += l.get(e);
        return s / k;
    }

    @Override public String toString() { return "robust-darts:" + k + ":" + ratio; }
}

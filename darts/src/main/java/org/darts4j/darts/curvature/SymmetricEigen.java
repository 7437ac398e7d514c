package org.darts4j.darts.curvature;

import java.util.Arrays;

/**
 * Eigenvalues of a symmetric matrix by the cyclic Jacobi method: rotations that zero each off-diagonal entry in turn,
 * sweeping until the off-diagonal mass is below 10⁻²⁴ of the total. Accurate to rounding; O(n³) a sweep, fine for the
 * 224 x 224 architecture Hessian.
 */
public final class SymmetricEigen {
    private SymmetricEigen() {}

    /** The eigenvalues of the symmetric {@code a} in ascending order ({@code a} is not changed). */
    public static double[] eigenvalues(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][];
        double total = 0;
        for (int i = 0; i < n; i++) {
            if (a[i].length != n) throw new IllegalArgumentException("eigenvalues: row " + i + " has " + a[i].length + " entries, expected " + n);
            m[i] = a[i].clone();
            for (int j = 0; j < n; j++) total += m[i][j] * m[i][j];
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) off += 2 * m[i][j] * m[i][j];
            if (off <= 1e-24 * total || off == 0) break;
            for (int p = 0; p < n; p++)
                for (int q = p + 1; q < n; q++) {
                    if (m[p][q] == 0) continue;
                    double theta = (m[q][q] - m[p][p]) / (2 * m[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < n; k++) {   // columns p, q
                        double mkp = m[k][p], mkq = m[k][q];
                        m[k][p] = c * mkp - s * mkq;
                        m[k][q] = s * mkp + c * mkq;
                    }
                    for (int k = 0; k < n; k++) {   // rows p, q
                        double mpk = m[p][k], mqk = m[q][k];
                        m[p][k] = c * mpk - s * mqk;
                        m[q][k] = s * mpk + c * mqk;
                    }
                }
        }
        double[] ev = new double[n];
        for (int i = 0; i < n; i++) ev[i] = m[i][i];
        Arrays.sort(ev);
        return ev;
    }
}

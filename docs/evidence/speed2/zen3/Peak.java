import jdk.incubator.vector.*;
public class Peak {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static float run(int n) {
        FloatVector a0 = FloatVector.broadcast(S, 1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        FloatVector x = FloatVector.broadcast(S, 0.999999f), y = FloatVector.broadcast(S, 1e-7f);
        for (int i = 0; i < n; i++) {
            a0 = a0.fma(x, y); a1 = a1.fma(x, y); a2 = a2.fma(x, y); a3 = a3.fma(x, y); a4 = a4.fma(x, y); a5 = a5.fma(x, y);
            a6 = a6.fma(x, y); a7 = a7.fma(x, y); a8 = a8.fma(x, y); a9 = a9.fma(x, y); a10 = a10.fma(x, y); a11 = a11.fma(x, y);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11).reduceLanes(VectorOperators.ADD);
    }
    public static void main(String[] a) {
        for (int r = 0; r < 8; r++) {
            int n = 50_000_000; long t0 = System.nanoTime(); float s = run(n); long t = System.nanoTime() - t0;
            System.out.printf("%.1f GFLOP/s one core (%s)%n", 12.0 * S.length() * 2 * n / t, s);
        }
    }
}

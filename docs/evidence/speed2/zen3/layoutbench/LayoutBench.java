package org.darts4j.tensor.cpu;
/**
 * FloatBroadcastGemm.multiply alone, one thread, on the three shapes of ResNet-20's stride-1 convolutions (m output pixels
 * of a block of images, k taps, n output channels), with the rows laid out as runs, pairs of triples and scattered;
 * best of 30 calls, the last two of five rounds printed. With an argument, k's offsets are a padded block's taps
 * (c·images·plane + i·Wp + j) instead of 4p. Compile and run against a built checkout's tensor classes:
 *   javac --add-modules jdk.incubator.vector -cp tensor/target/classes -d OUT LayoutBench.java
 *   java --add-modules jdk.incubator.vector -cp OUT:tensor/target/classes org.darts4j.tensor.cpu.LayoutBench [real]
 */
public class LayoutBench {
    public static void main(String[] args) {
        java.util.Random rnd = new java.util.Random(1);
        int[][] shapes = {{1568, 144, 16, 28}, {1176, 288, 32, 14}, {1029, 576, 64, 7}}; // m, k, n, width
        for (int rep = 0; rep < 5; rep++)
        for (int[] sh : shapes) {
            int m = sh[0], k = sh[1], n = sh[2];
            int wd = sh[3], wp = wd + 2, most = m / (wd * wd), plane = (wd + 2) * wp, chans = k / 9;
            float[] a = new float[m * 9 + k * 4 + 64 + chans * most * plane]; for (int i = 0; i < a.length; i++) a[i] = rnd.nextFloat();
            float[] b = new float[k * n]; for (int i = 0; i < b.length; i++) b[i] = rnd.nextFloat();
            float[] c = new float[m * n];
            int[] kRows = new int[k]; for (int p = 0; p < k; p++) kRows[p] = args.length > 0 ? (p / 9) * most * plane + (p % 9 / 3) * wp + p % 3 : p * 4;
            StringBuilder sb = new StringBuilder("m " + m + " k " + k + " n " + n + ":");
            for (String layout : new String[] {"runs", "triples", "scattered"}) {
                int[] aRows = new int[m];
                for (int t = 0; t < m; t++) aRows[t] = switch (layout) { case "runs" -> t; case "triples" -> (t / 3) * 9 + t % 3; default -> t * 9 % (m * 9 - 9) ; };
                if (layout.equals("triples")) for (int t = 0; t < m; t++) aRows[t] = Math.min(aRows[t], m * 9 - 1);
                long best = Long.MAX_VALUE;
                for (int i = 0; i < 30; i++) {
                    long t0 = System.nanoTime();
                    FloatBroadcastGemm.multiply(m, n, k, a, aRows, kRows, b, n, c, n, true);
                    best = Math.min(best, System.nanoTime() - t0);
                }
                sb.append(String.format(" %s %.1f GFLOP/s", layout, 2.0 * m * n * k / best));
            }
            if (rep >= 3) System.out.println(sb);
        }
    }
}

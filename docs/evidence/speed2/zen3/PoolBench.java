import org.darts4j.tensor.*;
public class PoolBench {
    public static void main(String[] a) {
        Generator gen = new Generator(1);
        int[][] cases = {{64, 16, 28, 28, 1}, {64, 32, 14, 14, 1}, {64, 32, 14, 14, 2}, {64, 64, 7, 7, 1}};
        for (int rep = 0; rep < 8; rep++)
        for (int[] c : cases) {
            Tensor x = Tensor.normal(gen, DType.FLOAT32, 0, 1, c[0], c[1], c[2], c[3]);
            PoolParams p = PoolParams.of(3, c[4], 1, true);
            Tensor y = x.maxPool2d(p);
            Tensor gy = Tensor.normal(gen, DType.FLOAT32, 0, 1, y.dims());
            long best = Long.MAX_VALUE, bestF = Long.MAX_VALUE;
            for (int i = 0; i < 30; i++) {
                long t0 = System.nanoTime(); x.maxPool2d(p); long t1 = System.nanoTime();
                x.backend().maxPool2dScatter(gy, x, p); long t2 = System.nanoTime();
                bestF = Math.min(bestF, t1 - t0); best = Math.min(best, t2 - t1);
            }
            if (rep == 7) System.out.printf("%s stride %d: forward %.2f ms, scatter %.2f ms%n", java.util.Arrays.toString(c), c[4], bestF / 1e6, best / 1e6);
        }
    }
}

import org.darts4j.tensor.*;
public class ConvBench {
    public static void main(String[] a) {
        Generator gen = new Generator(1);
        // {n, c, o, h, w, stride}
        int[][] cases = {{128, 16, 16, 28, 28, 1}, {128, 32, 32, 14, 14, 1}, {128, 64, 64, 7, 7, 1}, {128, 16, 32, 28, 28, 2}};
        for (int rep = 0; rep < 6; rep++)
        for (int[] c : cases) {
            Tensor x = Tensor.normal(gen, DType.FLOAT32, 0, 1, c[0], c[1], c[3], c[4]);
            Tensor w = Tensor.normal(gen, DType.FLOAT32, 0, 1, c[2], c[1], 3, 3);
            ConvParams p = ConvParams.of(c[5], 1, 1, 1);
            Tensor y = x.conv2d(w, p);
            Tensor gy = Tensor.normal(gen, DType.FLOAT32, 0, 1, y.dims());
            long bf = Long.MAX_VALUE, bi = Long.MAX_VALUE, bw = Long.MAX_VALUE;
            for (int i = 0; i < 10; i++) {
                long t0 = System.nanoTime(); x.conv2d(w, p); long t1 = System.nanoTime();
                x.backend().conv2dInputGrad(gy, w, x.shape(), p); long t2 = System.nanoTime();
                x.backend().conv2dWeightGrad(x, gy, w.shape(), p); long t3 = System.nanoTime();
                bf = Math.min(bf, t1 - t0); bi = Math.min(bi, t2 - t1); bw = Math.min(bw, t3 - t2);
            }
            double gflop = 2.0 * y.numel() * c[1] * 9 / 1e9;
            if (rep == 5) System.out.printf("%s: forward %.2f ms (%.1f GFLOP/s), input grad %.2f ms (%.1f), weight grad %.2f ms (%.1f)%n",
                java.util.Arrays.toString(c), bf / 1e6, gflop / (bf / 1e9), bi / 1e6, gflop / (bi / 1e9), bw / 1e6, gflop / (bw / 1e9));
        }
    }
}

import org.darts4j.tensor.*;
/** ResNet-20's first-stage convolution forward (batch 128, 16 -> 16 channels, 28x28), median and best of 40 calls after 40 of warm-up. */
public class Fwd28 {
    public static void main(String[] a) {
        Generator gen = new Generator(1);
        Tensor x = Tensor.normal(gen, DType.FLOAT32, 0, 1, 128, 16, 28, 28), w = Tensor.normal(gen, DType.FLOAT32, 0, 1, 16, 16, 3, 3);
        ConvParams p = ConvParams.of(1, 1, 1, 1);
        for (int i = 0; i < 40; i++) x.conv2d(w, p);
        long[] t = new long[40];
        for (int i = 0; i < 40; i++) { long t0 = System.nanoTime(); x.conv2d(w, p); t[i] = System.nanoTime() - t0; }
        java.util.Arrays.sort(t);
        System.out.printf("median %.2f ms, best %.2f ms%n", t[20] / 1e6, t[0] / 1e6);
    }
}

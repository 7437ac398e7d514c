package org.darts4j.darts.evaluation;

import org.darts4j.autograd.Variable;
import org.darts4j.nn.Module;
import org.darts4j.nn.layers.BatchNorm2d;
import org.darts4j.nn.layers.Conv2d;
import org.darts4j.nn.layers.Layers;
import org.darts4j.nn.layers.Linear;
import org.darts4j.nn.layers.Sequential;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.PoolParams;

/**
 * The auxiliary classifier (the reference's {@code AuxiliaryHeadCIFAR}) on the output of the cell at 2/3 of the depth:
 * ReLU, average pooling to 2x2, 1x1 convolution to 128 channels, BN, ReLU, 2x2 convolution to 768, BN, ReLU, linear.
 * On the reference's 8x8 maps the pooling is its 5x5 window with stride 3; on other sizes each side uses the window
 * min(5, s − 1) with stride s − window, which gives 2 pixels (1 on a side of 1 pixel).
 */
final class AuxiliaryHead extends Module {
    private final Sequential features;
    private final Linear classifier;

    AuxiliaryHead(int c, int height, int width, int outputs, Generator g, DType dtype) {
        int kh = window(height), kw = window(width);
        PoolParams pool = new PoolParams(kh, kw, Math.max(1, height - kh), Math.max(1, width - kw), 0, 0, false);
        int ph = pool.outH(height), pw = pool.outW(width);
        features = registerModule("features", new Sequential(Layers.relu(), Layers.avgPool2d(pool),
                new Conv2d(c, 128, 1, 1, 0, 1, 1, false, g, dtype), new BatchNorm2d(128, true, dtype), Layers.relu(),
                new Conv2d(128, 768, k(ph, pw), 1, 0, 1, 1, false, g, dtype), new BatchNorm2d(768, true, dtype), Layers.relu()));
        int k = k(ph, pw);
        int flat = 768 * (ph - k + 1) * (pw - k + 1);
        classifier = registerModule("classifier", new Linear(flat, outputs, true, g, dtype));
    }

    private static int k(int ph, int pw) { return Math.min(2, Math.min(ph, pw)); }

    private static int window(int s) { return s >= 6 ? 5 : Math.max(1, s - 1); }

    @Override public Variable forward(Variable x) { return classifier.forward(features.forward(x).flatten()); }
}

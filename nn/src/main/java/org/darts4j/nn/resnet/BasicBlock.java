package org.darts4j.nn.resnet;

import org.darts4j.autograd.Variable;
import org.darts4j.nn.Init;
import org.darts4j.nn.Module;
import org.darts4j.nn.layers.BatchNorm2d;
import org.darts4j.nn.layers.Conv2d;
import org.darts4j.nn.layers.Sequential;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;

/**
 * The two-convolution residual block of He et al. (2016): relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)).
 * Where the shape changes, the shortcut is option A (subsample by 2 and pad the new channels with zeros, no
 * parameters: the paper's choice for its CIFAR networks) or option B (a 1x1 convolution and batch norm, named
 * {@code shortcut} in the CIFAR networks' naming and {@code downsample} in torchvision's).
 */
final class BasicBlock extends Module {
    enum Shortcut { A, B }

    private final Conv2d conv1, conv2;
    private final BatchNorm2d bn1, bn2;
    private final Sequential projection;
    private final boolean padShortcut;
    private final int padChannels;

    BasicBlock(int in, int out, int stride, Shortcut option, String projectionName, Generator g, DType dtype) {
        conv1 = registerModule("conv1", conv(in, out, 3, stride, 1, g, dtype));
        bn1 = registerModule("bn1", new BatchNorm2d(out, true, dtype));
        conv2 = registerModule("conv2", conv(out, out, 3, 1, 1, g, dtype));
        bn2 = registerModule("bn2", new BatchNorm2d(out, true, dtype));
        boolean reshape = stride != 1 || in != out;
        padShortcut = reshape && option == Shortcut.A;
        padChannels = out - in;
        if (reshape && option == Shortcut.B)
            projection = registerModule(projectionName, new Sequential(conv(in, out, 1, stride, 0, g, dtype), new BatchNorm2d(out, true, dtype)));
        else projection = null;
        if (padShortcut && (stride != 2 || padChannels < 0 || padChannels % 2 != 0))
            throw new IllegalArgumentException("option A shortcuts need stride 2 and an even channel increase, got " + in + " -> " + out);
    }

    /** A bias-free convolution with ResNet initialisation (Kaiming normal, fan out). */
    static Conv2d conv(int in, int out, int k, int stride, int pad, Generator g, DType dtype) {
        Conv2d c = new Conv2d(in, out, k, stride, pad, 1, 1, false, g, dtype);
        c.weight().setData(Init.kaimingNormalFanOut(g, dtype, out, in, k, k));
        return c;
    }

    /** relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)); the intermediate values are dropped once read ({@link Variable#drop}). */
    @Override public Variable forward(Variable x) {
        Variable h = Variable.dropping(conv1.forward(x), bn1::forward, Variable::relu, conv2::forward, bn2::forward);
        Variable s;
        if (projection != null) s = projection.forward(x);
        else if (padShortcut) {
            Variable rows = x.slice(2, 0, x.size(2), 2), sub = rows.slice(3, 0, x.size(3), 2);
            int[] starts = {0, padChannels / 2, 0, 0}, steps = {1, 1, 1, 1};
            s = sub.embed(org.darts4j.tensor.Shape.of(sub.size(0), sub.size(1) + padChannels, sub.size(2), sub.size(3)), starts, steps);
            rows.drop();
            sub.drop();
        } else s = x;
        Variable y = Variable.dropping(h.add(s), Variable::relu);
        h.drop();
        if (s != x) s.drop();
        return y;
    }
}

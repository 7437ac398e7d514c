package org.darts4j.nn.resnet;

import java.util.Arrays;
import org.darts4j.autograd.F;
import org.darts4j.autograd.Variable;
import org.darts4j.nn.Module;
import org.darts4j.nn.layers.BatchNorm2d;
import org.darts4j.nn.layers.Conv2d;
import org.darts4j.nn.layers.Linear;
import org.darts4j.nn.layers.Sequential;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;

/**
 * Residual networks for small images (any channel count and size, classification or regression): a 3x3 stem
 * convolution with batch norm and relu, stages of {@link BasicBlock}s (the first block of every stage after the
 * first halves the resolution and doubles the width), global average pooling and a linear head.
 *
 * <ul>
 *   <li>{@link #cifar}: ResNet-20/32/56 of He et al. (2016, §4.2): 6n+2 layers, widths 16/32/64, option A
 *       shortcuts; names as the common PyTorch port ({@code conv1}, {@code layer1.0.conv1}, {@code linear}).
 *   <li>{@link #resnet18}: ResNet-18 adapted to small images (3x3 stem with stride 1, no max pooling), widths
 *       64-512, option B shortcuts; torchvision names ({@code layer2.0.downsample.0}, {@code fc}).
 *   <li>{@link #small}: any blocks per stage and base width, option B, torchvision names; with
 *       {@link #paramsLike} the width that brings its parameter count closest to a target.
 * </ul>
 */
public final class ResNet extends Module {
    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final Sequential[] stages;
    private final Linear head;
    private final String description;

    private ResNet(int inChannels, int outputs, int[] blocks, int width, BasicBlock.Shortcut option, boolean torchvisionNames,
                   Generator g, DType dtype, String description) {
        this.description = description;
        conv1 = registerModule("conv1", BasicBlock.conv(inChannels, width, 3, 1, 1, g, dtype));
        bn1 = registerModule("bn1", new BatchNorm2d(width, true, dtype));
        stages = new Sequential[blocks.length];
        int in = width;
        for (int s = 0; s < blocks.length; s++) {
            int out = width << s;
            Sequential stage = new Sequential();
            for (int b = 0; b < blocks[s]; b++) {
                stage.add(new BasicBlock(in, out, b == 0 && s > 0 ? 2 : 1, option, torchvisionNames ? "downsample" : "shortcut", g, dtype));
                in = out;
            }
            stages[s] = registerModule("layer" + (s + 1), stage);
        }
        head = registerModule(torchvisionNames ? "fc" : "linear", new Linear(in, outputs, true, g, dtype));
    }

    /** ResNet-(6n+2) for CIFAR: depth 20, 32, 44, 56 or 110. */
    public static ResNet cifar(int depth, int inChannels, int outputs, Generator g, DType dtype) {
        if (depth < 8 || (depth - 2) % 6 != 0) throw new IllegalArgumentException("CIFAR ResNet depth must be 6n+2 (20, 32, 56, ...), got " + depth);
        int n = (depth - 2) / 6;
        return new ResNet(inChannels, outputs, new int[] {n, n, n}, 16, BasicBlock.Shortcut.A, false, g, dtype,
                "ResNet-" + depth + " (He et al. 2016, CIFAR variant, option A shortcuts)");
    }

    public static ResNet resnet18(int inChannels, int outputs, Generator g, DType dtype) {
        return new ResNet(inChannels, outputs, new int[] {2, 2, 2, 2}, 64, BasicBlock.Shortcut.B, true, g, dtype,
                "ResNet-18 for small images (3x3 stem, no max pooling, option B shortcuts)");
    }

    public static ResNet small(int[] blocksPerStage, int baseWidth, int inChannels, int outputs, Generator g, DType dtype) {
        if (blocksPerStage.length == 0 || baseWidth < 1) throw new IllegalArgumentException("small ResNet needs stages and a positive width");
        return new ResNet(inChannels, outputs, blocksPerStage.clone(), baseWidth, BasicBlock.Shortcut.B, true, g, dtype,
                "small ResNet, blocks " + Arrays.toString(blocksPerStage) + ", base width " + baseWidth + " (option B shortcuts)");
    }

    /** Parameters of {@link #small} without building it: stem, blocks with projections, head. */
    public static long smallParameterCount(int[] blocks, int w, int in, int outputs) {
        long n = (long) in * w * 9 + 2L * w;
        int c = w;
        for (int s = 0; s < blocks.length; s++) {
            int out = w << s;
            for (int b = 0; b < blocks[s]; b++) {
                n += (long) c * out * 9 + 2L * out + (long) out * out * 9 + 2L * out;
                if (c != out || (b == 0 && s > 0)) n += (long) c * out + 2L * out;
                c = out;
            }
        }
        return n + (long) c * outputs + outputs;
    }

    /** The base width whose {@link #small} network has the parameter count nearest {@code target}; refuses if off by more than 10%. */
    public static int paramsLike(long target, int[] blocks, int in, int outputs) {
        int best = nearestWidth(target, blocks, in, outputs);
        long got = smallParameterCount(blocks, best, in, outputs);
        if (Math.abs(got - target) > 0.1 * target)
            throw new IllegalArgumentException("no base width gives a small ResNet " + Arrays.toString(blocks) + " within 10% of " + target
                    + " parameters (nearest: width " + best + " with " + got + ")");
        return best;
    }

    /** The base width whose small ResNet's parameter count is nearest to {@code target}, however far that is. */
    public static int nearestWidth(long target, int[] blocks, int in, int outputs) {
        int best = 1;
        for (int w = 1; w <= 1024; w++)
            if (Math.abs(smallParameterCount(blocks, w, in, outputs) - target) < Math.abs(smallParameterCount(blocks, best, in, outputs) - target)) best = w;
        return best;
    }

    public String description() { return description; }

    @Override public Variable forward(Variable x) {
        Variable y = Variable.dropping(conv1.forward(x), bn1::forward, Variable::relu);
        for (Sequential s : stages) y = Variable.dropping(y, s::forward);   // a stage's input is dropped once it has read it
        return head.forward(Variable.dropping(y, F::globalAvgPool2d).flatten());
    }
}

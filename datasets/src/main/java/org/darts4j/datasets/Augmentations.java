package org.darts4j.datasets;

import java.util.ArrayList;
import java.util.List;

/**
 * The default transform pipelines per data set, as the DARTS reference builds them for CIFAR-10 (random crop with
 * padding 4, horizontal flip, normalisation, then cutout when asked) and adapted to the others: 28x28 images crop with
 * padding 2; digits are never flipped (a mirrored 2 is not a 2); kirigami patterns and tables are not augmented.
 * Evaluation only normalises.
 */
public final class Augmentations {
    private Augmentations() {}

    /** Whether the default training pipeline of {@code dataset} flips images. */
    public static boolean flips(String dataset) {
        String base = baseName(dataset);
        return base.equals("cifar10") || base.equals("fashion-mnist");
    }

    /** Crop padding of the default training pipeline (0: no crop). */
    public static int cropPadding(String dataset) {
        return switch (baseName(dataset)) {
            case "cifar10" -> 4;
            case "mnist", "fashion-mnist" -> 2;
            default -> 0;
        };
    }

    /**
     * The training transforms: crop, flip, normalise with {@code meanStd} (from {@link Transforms#channelStatistics}
     * of the training split, or given), then cutout of {@code cutoutLength} when positive.
     */
    public static List<Transform> training(String dataset, float[][] meanStd, int cutoutLength) {
        List<Transform> t = new ArrayList<>();
        if (cropPadding(dataset) > 0) t.add(Transforms.randomCrop(cropPadding(dataset)));
        if (flips(dataset)) t.add(Transforms.horizontalFlip(0.5));
        if (meanStd != null) t.add(Transforms.normalize(meanStd[0], meanStd[1]));
        if (cutoutLength > 0) t.add(Transforms.cutout(cutoutLength));
        return t;
    }

    /** The evaluation transforms: normalisation only. */
    public static List<Transform> evaluation(float[][] meanStd) {
        return meanStd == null ? List.of() : List.of(Transforms.normalize(meanStd[0], meanStd[1]));
    }

    private static String baseName(String dataset) {
        int slash = dataset.indexOf('/');
        return slash < 0 ? dataset : dataset.substring(0, slash);
    }
}

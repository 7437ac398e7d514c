package org.darts4j.datasets;

import org.darts4j.tensor.Shape;

/**
 * Examples held in arrays: pixels as unsigned bytes (scaled to [0, 1] when read, as {@code ToTensor} does) or as
 * floats, with int labels or float targets. Built by the format readers.
 */
public final class InMemoryDataset implements Dataset {
    private final String name;
    private final Shape imageShape;
    private final Task task;
    private final int size;
    private final byte[] bytePixels;
    private final float[] floatPixels;
    private final int[] labels;
    private final float[] targets;

    private InMemoryDataset(String name, Shape imageShape, Task task, int size, byte[] bytePixels, float[] floatPixels,
                            int[] labels, float[] targets) {
        if (imageShape.rank() != 3) throw new IllegalArgumentException("image shape must be [C, H, W], got " + imageShape);
        int per = imageShape.numel();
        long have = bytePixels != null ? bytePixels.length : floatPixels.length;
        if (have != (long) per * size)
            throw new IllegalArgumentException(name + ": " + have + " pixel values for " + size + " images of " + imageShape);
        if (task.isClassification()) {
            if (labels == null || labels.length != size) throw new IllegalArgumentException(name + ": expected " + size + " labels");
            for (int i = 0; i < size; i++)
                if (labels[i] < 0 || labels[i] >= task.outputs())
                    throw new IllegalArgumentException(name + ": label " + labels[i] + " of example " + i + " is not a class in [0, " + task.outputs() + ")");
        } else if (targets == null || targets.length != (long) size * task.outputs()) {
            throw new IllegalArgumentException(name + ": expected " + size + " x " + task.outputs() + " targets");
        }
        this.name = name;
        this.imageShape = imageShape;
        this.task = task;
        this.size = size;
        this.bytePixels = bytePixels;
        this.floatPixels = floatPixels;
        this.labels = labels;
        this.targets = targets;
    }

    /** Unsigned 8-bit images with class labels. */
    public static InMemoryDataset ofBytes(String name, Shape imageShape, byte[] pixels, int[] labels, Task task) {
        return new InMemoryDataset(name, imageShape, task, labels.length, pixels, null, labels, null);
    }

    /** Float images with class labels. */
    public static InMemoryDataset classification(String name, Shape imageShape, float[] pixels, int[] labels, Task task) {
        return new InMemoryDataset(name, imageShape, task, labels.length, null, pixels, labels, null);
    }

    /** Float images with regression targets, {@code task.outputs()} per example. */
    public static InMemoryDataset regression(String name, Shape imageShape, float[] pixels, float[] targets, Task task) {
        return new InMemoryDataset(name, imageShape, task, targets.length / task.outputs(), null, pixels, null, targets);
    }

    @Override public String name() { return name; }
    @Override public int size() { return size; }
    @Override public Shape imageShape() { return imageShape; }
    @Override public Task task() { return task; }

    @Override public void readImage(int i, float[] dst, int offset) {
        int per = imageShape.numel(), at = i * per;
        if (bytePixels != null) {
            for (int k = 0; k < per; k++) dst[offset + k] = (bytePixels[at + k] & 0xff) * (1f / 255f);
        } else {
            System.arraycopy(floatPixels, at, dst, offset, per);
        }
    }

    @Override public int label(int i) {
        if (labels == null) throw new IllegalStateException(name + " is a regression data set: it has targets, not labels");
        return labels[i];
    }

    @Override public void readTarget(int i, float[] dst, int offset) {
        if (targets == null) throw new IllegalStateException(name + " is a classification data set: it has labels, not targets");
        int k = task.outputs();
        System.arraycopy(targets, i * k, dst, offset, k);
    }
}

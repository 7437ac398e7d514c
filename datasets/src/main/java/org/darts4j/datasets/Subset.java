package org.darts4j.datasets;

import org.darts4j.tensor.Shape;

/** Some examples of another data set, by index (a split, or a shuffled order). */
final class Subset implements Dataset {
    private final Dataset base;
    private final int[] indices;
    private final String name;

    Subset(Dataset base, int[] indices, String name) {
        for (int i : indices)
            if (i < 0 || i >= base.size())
                throw new IllegalArgumentException("index " + i + " is outside data set " + base.name() + " of " + base.size() + " examples");
        this.base = base;
        this.indices = indices.clone();
        this.name = name;
    }

    @Override public String name() { return name; }
    @Override public int size() { return indices.length; }
    @Override public Shape imageShape() { return base.imageShape(); }
    @Override public Task task() { return base.task(); }
    @Override public void readImage(int i, float[] dst, int offset) { base.readImage(indices[i], dst, offset); }
    @Override public int label(int i) { return base.label(indices[i]); }
    @Override public void readTarget(int i, float[] dst, int offset) { base.readTarget(indices[i], dst, offset); }
}

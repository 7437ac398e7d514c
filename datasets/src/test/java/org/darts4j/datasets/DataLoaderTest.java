package org.darts4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.Shape;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
    /** n examples of 3x4x5 whose pixels encode (example, position); label = example mod 3. */
    static InMemoryDataset toy(int n) {
        float[] px = new float[n * 60];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int k = 0; k < 60; k++) px[i * 60 + k] = i * 1000 + k;
        }
        return InMemoryDataset.classification("toy", Shape.of(3, 4, 5), px, y, Task.classification(3, List.of("a", "b", "c")));
    }

    @Test void everyExampleOncePerEpochInShuffledOrder() {
        try (DataLoader l = DataLoader.builder(toy(23), 5).seed(3).build()) {
            assertEquals(5, l.batchesPerEpoch());
            Set<Integer> seen = new HashSet<>();
            List<Integer> order = new ArrayList<>();
            for (Batch b : l.epoch(0)) {
                assertEquals(Shape.of(b.size(), 3, 4, 5), b.images().shape());
                for (int i = 0; i < b.size(); i++) {
                    int e = b.indices()[i];
                    assertTrue(seen.add(e));
                    order.add(e);
                    assertEquals(e % 3, b.labels()[i]);
                    assertEquals(e * 1000 + 17, b.images().get(i, 0, 3, 2), 1e-3);
                }
            }
            assertEquals(23, seen.size());
            List<Integer> sorted = new ArrayList<>(order);
            sorted.sort(null);
            assertNotEquals(sorted, order, "shuffled");
            List<Integer> again = new ArrayList<>();
            for (Batch b : l.epoch(0)) for (int e : b.indices()) again.add(e);
            assertEquals(order, again, "the same seed and epoch give the same order");
            List<Integer> next = new ArrayList<>();
            for (Batch b : l.epoch(1)) for (int e : b.indices()) next.add(e);
            assertNotEquals(order, next, "another epoch, another order");
        }
    }

    @Test void augmentationIsReproducibleWhateverTheThreads() {
        InMemoryDataset d = toy(40);
        float[][] results = new float[2][];
        for (int w = 1; w <= 2; w++) {
            try (DataLoader l = DataLoader.builder(d, 8).seed(9).workers(w).prefetch(3)
                    .transform(Transforms.randomCrop(1)).transform(Transforms.horizontalFlip(0.5)).transform(Transforms.cutout(2)).build()) {
                List<Float> all = new ArrayList<>();
                for (Batch b : l.epoch(2)) for (float v : b.images().toFloatArray()) all.add(v);
                results[w - 1] = new float[all.size()];
                for (int i = 0; i < all.size(); i++) results[w - 1][i] = all.get(i);
            }
        }
        assertArrayEquals(results[0], results[1]);
    }

    @Test void dropLastAndNoShuffle() {
        try (DataLoader l = DataLoader.builder(toy(23), 5).shuffle(false).dropLast(true).dtype(DType.FLOAT64).build()) {
            assertEquals(4, l.batchesPerEpoch());
            int count = 0;
            for (Batch b : l.epoch(0)) {
                assertEquals(DType.FLOAT64, b.images().dtype());
                assertArrayEquals(new int[] {count * 5, count * 5 + 1, count * 5 + 2, count * 5 + 3, count * 5 + 4}, b.indices());
                count++;
            }
            assertEquals(4, count);
        }
    }

    @Test void stoppingEarlyIsClean() {
        try (DataLoader l = DataLoader.builder(toy(100), 4).build()) {
            try (DataLoader.BatchIterator it = l.epoch(0)) {
                it.next();
                it.next();
            }
            assertEquals(25, l.batchesPerEpoch());
        }
    }

    @Test void transformsDoWhatTheySay() {
        Shape s = Shape.of(2, 3, 4);
        float[] px = new float[24];
        for (int k = 0; k < 24; k++) px[k] = k + 1;
        float[] flipped = px.clone();
        Transforms.horizontalFlip(1.0).apply(flipped, 0, s, new Generator(0));
        assertArrayEquals(new float[] {4, 3, 2, 1}, Arrays.copyOfRange(flipped, 0, 4));
        float[] norm = px.clone();
        Transforms.normalize(new float[] {1, 13}, new float[] {2, 4}).apply(norm, 0, s, new Generator(0));
        assertEquals(0f, norm[0]);
        assertEquals(0f, norm[12]);
        assertEquals(0.25f, norm[13]);
        // a crop of a padded image: every value is either 0 (padding) or an original value shifted by the same offset
        for (int seed = 0; seed < 20; seed++) {
            float[] c = px.clone();
            Transforms.randomCrop(2).apply(c, 0, s, new Generator(seed));
            int shift = Integer.MIN_VALUE;
            for (int k = 0; k < 12; k++) {
                if (c[k] == 0) continue;
                int d = (int) c[k] - 1 - k;
                if (shift == Integer.MIN_VALUE) shift = d;
                assertEquals(shift, d);
                assertEquals(c[k] + 12, c[k + 12], "both channels shift alike");
            }
        }
        float[] cut = new float[100];
        Arrays.fill(cut, 1);
        Transforms.cutout(4).apply(cut, 0, Shape.of(1, 10, 10), new Generator(1));
        int zeros = 0;
        for (float v : cut) if (v == 0) zeros++;
        assertTrue(zeros > 0 && zeros <= 16, "zeros: " + zeros);
    }

    @Test void channelStatisticsAndTargetScaler() {
        float[][] ms = Transforms.channelStatistics(toy(3));
        assertEquals(1000 + 9.5f, ms[0][0], 1e-3);
        assertTrue(ms[1][0] > 800);
        float[] t = {1, 10, 3, 30, 5, 50};
        InMemoryDataset r = InMemoryDataset.regression("r", Shape.of(1, 1, 1), new float[3], t, Task.regression(List.of("p", "q")));
        TargetScaler s = TargetScaler.fit(r);
        assertArrayEquals(new float[] {3, 30}, s.mean());
        float[] z = t.clone();
        s.transform(z, 0, 3);
        assertEquals(0f, z[2], 1e-6);
        assertEquals(-z[0], z[4], 1e-6);
        s.inverse(z, 0, 3);
        assertArrayEquals(t, z, 1e-5f);
        try (DataLoader l = DataLoader.builder(r, 3).shuffle(false).targetScaler(s).build()) {
            Batch b = l.epoch(0).next();
            assertEquals(Shape.of(3, 2), b.targets().shape());
            assertEquals(0.0, b.targets().get(1, 1), 1e-6);
            assertEquals(null, b.labels());
        }
    }

    @Test void dartsSplitIsByPositionInHalves() {
        InMemoryDataset d = toy(11);
        Dataset[] halves = Splits.dartsSearch(d, 0.5);
        assertEquals(5, halves[0].size());
        assertEquals(6, halves[1].size());
        float[] px = new float[60];
        halves[1].readImage(0, px, 0);
        assertEquals(5000f, px[0]);
        assertArrayEquals(Splits.permutation(50, 4), Splits.permutation(50, 4));
        assertFalse(Arrays.equals(Splits.permutation(50, 4), Splits.permutation(50, 5)));
        assertThrows(IllegalArgumentException.class, () -> Splits.byPosition(d, 1.0, "a", "b"));
    }

    @Test void badOptionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> DataLoader.builder(toy(3), 0));
        assertThrows(IllegalArgumentException.class, () -> Transforms.normalize(new float[] {0}, new float[] {0}));
        assertThrows(IllegalArgumentException.class, () -> InMemoryDataset.classification("x", Shape.of(1, 1, 1), new float[2], new int[] {0, 5},
                Task.classification(3, List.of("a", "b", "c"))));
    }

    @Test void defaultAugmentationsFollowTheReference() {
        assertFalse(Augmentations.flips("mnist/train"), "digits are not flipped");
        assertTrue(Augmentations.flips("cifar10/train"));
        assertEquals(4, Augmentations.cropPadding("cifar10"));
        assertEquals(4, Augmentations.training("cifar10", new float[][] {{0, 0, 0}, {1, 1, 1}}, 16).size());
        assertEquals(2, Augmentations.training("mnist", new float[][] {{0}, {1}}, 0).size());
        assertEquals(0, Augmentations.training("kirigami/train", null, 0).size());
        assertEquals(1, Augmentations.evaluation(new float[][] {{0}, {1}}).size());
    }
}

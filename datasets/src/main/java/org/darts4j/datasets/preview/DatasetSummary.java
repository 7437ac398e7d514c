package org.darts4j.datasets.preview;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.darts4j.datasets.Dataset;
import org.darts4j.datasets.Transforms;

/** Counts, shapes, the class histogram or the target statistics, and per-channel pixel statistics of a data set. */
public final class DatasetSummary {
    private DatasetSummary() {}

    /** A JSON-ready map (insertion-ordered). */
    public static Map<String, Object> of(Dataset d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", d.name());
        m.put("examples", d.size());
        m.put("image_shape", d.imageShape().dims());
        float[][] ms = Transforms.channelStatistics(d);
        m.put("pixel_mean", ms[0]);
        m.put("pixel_std", ms[1]);
        if (d.task().isClassification()) {
            m.put("task", "classification");
            int[] counts = new int[d.task().outputs()];
            for (int i = 0; i < d.size(); i++) counts[d.label(i)]++;
            Map<String, Integer> hist = new LinkedHashMap<>();
            List<String> names = d.task().names();
            for (int c = 0; c < counts.length; c++) hist.put(c + (names != null && c < names.size() ? " " + names.get(c) : ""), counts[c]);
            m.put("classes", counts.length);
            m.put("class_counts", hist);
        } else {
            m.put("task", "regression");
            int k = d.task().outputs();
            float[] y = new float[k];
            double[] min = new double[k], max = new double[k], sum = new double[k], sq = new double[k];
            java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
            java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
            for (int i = 0; i < d.size(); i++) {
                d.readTarget(i, y, 0);
                for (int j = 0; j < k; j++) {
                    min[j] = Math.min(min[j], y[j]);
                    max[j] = Math.max(max[j], y[j]);
                    sum[j] += y[j];
                    sq[j] += (double) y[j] * y[j];
                }
            }
            List<Map<String, Object>> targets = new ArrayList<>();
            for (int j = 0; j < k; j++) {
                Map<String, Object> t = new LinkedHashMap<>();
                double mean = sum[j] / d.size();
                t.put("name", d.task().names().get(j));
                t.put("mean", mean);
                t.put("std", Math.sqrt(Math.max(sq[j] / d.size() - mean * mean, 0)));
                t.put("min", min[j]);
                t.put("max", max[j]);
                targets.add(t);
            }
            m.put("targets", targets);
        }
        return m;
    }
}

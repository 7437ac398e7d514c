package org.darts4j.darts.lab;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.darts4j.tensor.io.AtomicFile;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** The laboratory's charts, drawn with XChart. */
final class LabPlots {
    private LabPlots() {}

    /** Median cosine similarity of each method with the exact and the implicit hypergradient. */
    static void cosines(Path png, Map<String, double[]> medians) throws IOException {
        CategoryChart c = new CategoryChartBuilder().width(900).height(480).title("hypergradient estimators: median cosine similarity")
                .xAxisTitle("method").yAxisTitle("cosine").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setXAxisLabelRotation(30);
        c.getStyler().setYAxisMin(Math.min(0.0, medians.values().stream().flatMapToDouble(java.util.Arrays::stream).filter(d -> !Double.isNaN(d)).min().orElse(0)));
        c.getStyler().setYAxisMax(1.0);
        List<String> names = new ArrayList<>(medians.keySet());
        List<Double> exact = new ArrayList<>(), implicit = new ArrayList<>();
        for (String n : names) {
            exact.add(nanToZero(medians.get(n)[0]));
            implicit.add(nanToZero(medians.get(n)[1]));
        }
        c.addSeries("against the exact one-step hypergradient", names, exact);
        c.addSeries("against the implicit hypergradient (MINRES)", names, implicit);
        write(png, BitmapEncoder.getBufferedImage(c));
    }

    private static void write(Path png, java.awt.image.BufferedImage image) throws IOException {
        AtomicFile.write(png, tmp -> javax.imageio.ImageIO.write(image, "png", tmp.toFile()));
    }

    private static double nanToZero(double d) { return Double.isNaN(d) ? 0 : d; }

    /** Relative error of the finite difference against the exact value, over r, log-log. */
    static void sweep(Path png, List<HypergradientLab.SweepPoint> points, String dtype) throws IOException {
        XYChart c = new XYChartBuilder().width(700).height(460).title("finite-difference step r (" + dtype + ")").xAxisTitle("r")
                .yAxisTitle("relative error against the exact hypergradient").build();
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setLegendVisible(false);
        c.getStyler().setMarkerSize(7);
        double[] x = points.stream().mapToDouble(HypergradientLab.SweepPoint::r).toArray();
        double[] y = points.stream().mapToDouble(p -> Math.max(p.relErrorExact(), 1e-300)).toArray();
        c.addSeries("fd:r", x, y);
        write(png, BitmapEncoder.getBufferedImage(c));
    }
}

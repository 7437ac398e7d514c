package org.darts4j.darts.sparsity;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.darts4j.darts.charts.ChartImages;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * {@code sparsity_entropy.png} (entropy of every edge over the epochs, one panel per cell type),
 * {@code sparsity_parameter_free.png} (mass on none, skip, pooling and their sum) and {@code sparsity_skips.png}.
 */
final class SparsityPlots {
    private SparsityPlots() {}

    static void write(Path dir, Sparsity s) throws IOException {
        List<Sparsity.Epoch> ep = s.epochs();
        double[] x = ep.stream().mapToDouble(Sparsity.Epoch::epoch).toArray();
        int marker = x.length > 20 ? 0 : 4;

        XYChart[] entropy = new XYChart[2];
        for (int r = 0; r < 2; r++) {
            final int cell = r;
            XYChart c = chart((r == 0 ? "normal" : "reduction") + " cell: entropy of softmax(α) per edge (uniform = log 8)", "entropy (nats)", marker);
            int edges = (r == 0 ? ep.get(0).normal() : ep.get(0).reduce()).edgeEntropy().length;
            for (int e = 0; e < edges; e++) {
                final int edge = e;
                c.addSeries("edge " + e, x, series(ep, p -> (cell == 0 ? p.normal() : p.reduce()).edgeEntropy()[edge]));
            }
            c.addSeries("log 8", x, series(ep, p -> Math.log(8))).setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DASH_DASH);
            entropy[r] = c;
        }
        ChartImages.writeSideBySide(dir.resolve("sparsity_entropy.png"), entropy);

        XYChart[] mass = new XYChart[2];
        for (int r = 0; r < 2; r++) {
            final int cell = r;
            XYChart c = chart((r == 0 ? "normal" : "reduction") + " cell: mass of softmax(α) on parameter-free operations", "mean share over edges", marker);
            c.addSeries("none + skip + pooling", x, series(ep, p -> pick(p, cell).parameterFree()));
            c.addSeries("none", x, series(ep, p -> pick(p, cell).none()));
            c.addSeries("skip", x, series(ep, p -> pick(p, cell).skip()));
            c.addSeries("pooling", x, series(ep, p -> pick(p, cell).pooling()));
            mass[r] = c;
        }
        ChartImages.writeSideBySide(dir.resolve("sparsity_parameter_free.png"), mass);

        XYChart skips = chart("skip connections in the derived cells", "skips", marker);
        skips.addSeries("normal", x, series(ep, p -> p.normalSkips()));
        skips.addSeries("reduce", x, series(ep, p -> p.reduceSkips()));
        ChartImages.writeSideBySide(dir.resolve("sparsity_skips.png"), skips);
    }

    private static Sparsity.Cell pick(Sparsity.Epoch p, int cell) { return cell == 0 ? p.normal() : p.reduce(); }

    private static double[] series(List<Sparsity.Epoch> ep, ToDoubleFunction<Sparsity.Epoch> f) { return ep.stream().mapToDouble(f).toArray(); }

    private static XYChart chart(String title, String y, int marker) {
        XYChart c = new XYChartBuilder().width(640).height(420).title(title).xAxisTitle("epoch").yAxisTitle(y).build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setMarkerSize(marker);
        return c;
    }
}

package org.darts4j.darts.charts;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.darts4j.darts.search.Primitive;
import org.darts4j.tensor.io.AtomicFile;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** {@code alpha_evolution.png}: for every edge of both cells, softmax(α) of each operation over the epochs. */
public final class AlphaEvolution {
    private AlphaEvolution() {}

    /** {@code history[e]} = {softmax(α_normal), softmax(α_reduce)} after epoch e + 1, each [edges × 8] row-major. */
    public static void write(Path png, List<double[][]> history, int edges) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int cols = 7, w = 300, h = 210, rows = 2 * ((edges + cols - 1) / cols);
        BufferedImage all = new BufferedImage(cols * w, rows * h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = all.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, all.getWidth(), all.getHeight());
        double[] epochs = new double[history.size()];
        for (int e = 0; e < epochs.length; e++) epochs[e] = e + 1;
        for (int cell = 0; cell < 2; cell++) {
            for (int edge = 0; edge < edges; edge++) {
                XYChart chart = new XYChartBuilder().width(w).height(h).title((cell == 0 ? "normal" : "reduce") + " edge " + edge).build();
                chart.getStyler().setLegendVisible(edge == 0 && cell == 0);
                chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
                chart.getStyler().setMarkerSize(epochs.length > 20 ? 0 : 3);
                for (int k = 0; k < Primitive.ALL.size(); k++) {
                    double[] y = new double[history.size()];
                    for (int e = 0; e < y.length; e++) y[e] = history.get(e)[cell][edge * 8 + k];
                    chart.addSeries(Primitive.ALL.get(k).label(), epochs, y);
                }
                int r = cell * ((edges + cols - 1) / cols) + edge / cols, c = edge % cols;
                g.drawImage(BitmapEncoder.getBufferedImage(chart), c * w, r * h, null);
            }
        }
        g.dispose();
        AtomicFile.write(png, tmp -> ImageIO.write(all, "png", tmp.toFile()));
    }
}

package org.darts4j.darts.train;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.darts4j.tensor.io.AtomicFile;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** {@code curves.png}: loss and metric per epoch, training and validation, drawn with XChart. */
final class LearningCurves {
    private LearningCurves() {}

    static void write(Path png, List<double[]> rows, String metric) throws IOException {
        System.setProperty("java.awt.headless", "true");
        double[] epoch = new double[rows.size()], tl = new double[rows.size()], vl = new double[rows.size()],
                tm = new double[rows.size()], vm = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            double[] r = rows.get(i);
            epoch[i] = r[0];
            tl[i] = r[1];
            tm[i] = r[2];
            vl[i] = r[3];
            vm[i] = r[4];
        }
        XYChart loss = chart("loss", "loss");
        loss.addSeries("train", epoch, tl);
        if (!Double.isNaN(vl[0])) loss.addSeries("validation", epoch, vl);
        XYChart m = chart(metric, metric);
        m.addSeries("train", epoch, tm);
        if (!Double.isNaN(vm[0])) m.addSeries("validation", epoch, vm);
        BufferedImage a = BitmapEncoder.getBufferedImage(loss), b = BitmapEncoder.getBufferedImage(m);
        BufferedImage both = new BufferedImage(a.getWidth() + b.getWidth(), Math.max(a.getHeight(), b.getHeight()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = both.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, both.getWidth(), both.getHeight());
        g.drawImage(a, 0, 0, null);
        g.drawImage(b, a.getWidth(), 0, null);
        g.dispose();
        AtomicFile.write(png, tmp -> ImageIO.write(both, "png", tmp.toFile()));
    }

    private static XYChart chart(String title, String y) {
        XYChart c = new XYChartBuilder().width(560).height(380).title(title).xAxisTitle("epoch").yAxisTitle(y).build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        c.getStyler().setMarkerSize(5);
        return c;
    }
}

package org.darts4j.darts.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.darts4j.darts.charts.ChartImages;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** {@code curves.png}: loss and metric per epoch, training and validation, drawn with XChart. */
final class LearningCurves {
    private LearningCurves() {}

    static void write(Path png, List<double[]> rows, String metric) throws IOException {
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
        ChartImages.writeSideBySide(png, loss, m);
    }

    private static XYChart chart(String title, String y) {
        XYChart c = new XYChartBuilder().width(560).height(380).title(title).xAxisTitle("epoch").yAxisTitle(y).build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        c.getStyler().setMarkerSize(5);
        return c;
    }
}

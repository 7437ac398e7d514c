package org.darts4j.darts.charts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.darts4j.darts.run.EpochRow;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** {@code curves.png}: loss and metric per epoch, training and validation, drawn with XChart. */
public final class LearningCurves {
    private LearningCurves() {}

    public static void write(Path png, List<? extends EpochRow> rows, String metric) throws IOException {
        double[] epoch = new double[rows.size()], tl = new double[rows.size()], vl = new double[rows.size()],
                tm = new double[rows.size()], vm = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            EpochRow r = rows.get(i);
            epoch[i] = r.epoch();
            tl[i] = r.trainLoss();
            tm[i] = r.trainMetric();
            vl[i] = r.valLoss();
            vm[i] = r.valMetric();
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

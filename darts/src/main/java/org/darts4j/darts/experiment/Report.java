package org.darts4j.darts.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.darts4j.darts.run.CsvTable;
import org.darts4j.darts.charts.ChartImages;
import org.darts4j.tensor.io.AtomicFile;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The results of an experiment: per data set trained on, one row per model (and architecture source) with the
 * parameter count, the test metric as mean ± sample standard deviation over the seeds, the search's wall-clock and
 * CPU hours (DARTS rows) and the training hours; the searches with their genotypes and final sparsity.
 * Written as {@code results.md}, {@code results.csv}, {@code results.png} and {@code sparsity.png}.
 */
public record Report(ExperimentConfig config, List<Experiment.SearchRun> searches, List<Experiment.TrainRun> runs, double seconds) {
    /** One row of the table. */
    /** A row of the table and of {@code results.csv}: runs, mean and standard deviation of the test metric, hours. */
    public record Row(String dataset, String model, int runs, @CsvTable.Format("%.0f") double parameters, String metric, double mean, double std,
                      double searchHours, double searchCpuHours, double trainHours) {}

    public List<Row> rows() {
        Map<String, List<Experiment.TrainRun>> groups = new LinkedHashMap<>();
        for (Experiment.TrainRun r : runs) groups.computeIfAbsent(r.entry() + "\u0000" + r.row(), k -> new ArrayList<>()).add(r);
        double searchSeconds = searches.stream().mapToDouble(Experiment.SearchRun::seconds).average().orElse(Double.NaN);
        double searchCpu = searches.stream().mapToDouble(s -> s.seconds() * s.threads()).average().orElse(Double.NaN);
        List<Row> rows = new ArrayList<>();
        for (List<Experiment.TrainRun> g : groups.values()) {
            Experiment.TrainRun first = g.get(0);
            String metric = first.summary().containsKey("test_accuracy") ? "accuracy" : "r2";
            double[] m = g.stream().mapToDouble(r -> num(r.summary().get("test_" + metric))).toArray();
            double mean = java.util.Arrays.stream(m).average().orElse(Double.NaN);
            double var = 0;
            for (double v : m) var += (v - mean) * (v - mean);
            double std = m.length > 1 ? Math.sqrt(var / (m.length - 1)) : Double.NaN;
            double params = g.stream().mapToDouble(r -> r.summary().containsKey("parameters") ? num(r.summary().get("parameters")) : Double.NaN).average().orElse(Double.NaN);
            double train = g.stream().mapToDouble(r -> num(r.summary().getOrDefault("train_seconds", r.summary().get("seconds")))).average().orElse(Double.NaN) / 3600;
            boolean searched = "searched".equals(first.source());
            rows.add(new Row(first.dataset(), first.row(), g.size(), params, metric, mean, std, searched ? searchSeconds / 3600 : Double.NaN,
                    searched ? searchCpu / 3600 : Double.NaN, train));
        }
        return rows;
    }

    private static double num(Object o) { return o instanceof Number n ? n.doubleValue() : Double.NaN; }

    private String markdown(List<Row> rows) {
        StringBuilder s = new StringBuilder("# Experiment " + config.name() + "\n\n");
        s.append(String.format(Locale.ROOT, "%s; %d seeds %s; %d cores, Java %s; %.2f hours of this run (steps finished earlier not counted).%n%n", LocalDate.now(),
                config.seeds().size(), config.seeds(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), seconds / 3600));
        s.append("Search: `").append(config.search()).append("`\n\n");
        s.append("| searched on | seed | genotype | final val metric | search hours (wall) | mean entropy normal / reduce | parameter-free mass normal / reduce | skips normal / reduce |\n");
        s.append("|---|---:|---|---:|---:|---|---|---|\n");
        for (Experiment.SearchRun r : searches) {
            var e = r.sparsity().last();
            s.append(String.format(Locale.ROOT, "| %s | %d | `%s` | %.4f | %.3f | %.3f / %.3f | %.3f / %.3f | %d / %d |%n", config.search().get("dataset"), r.seed(), r.genotype(),
                    r.valMetric(), r.seconds() / 3600, e.normal().meanEntropy(), e.reduce().meanEntropy(), e.normal().parameterFree(),
                    e.reduce().parameterFree(), e.normalSkips(), e.reduceSkips()));
        }
        String last = null;
        for (Row r : rows) {
            if (!r.dataset().equals(last)) {
                last = r.dataset();
                s.append("\n## Trained on ").append(r.dataset()).append("\n\n");
                s.append("| model | runs | parameters | test ").append(r.metric().equals("r2") ? "R²" : "accuracy")
                        .append(" (mean ± std) | search hours (wall, per run) | search core-hours (wall × threads) | training hours (wall, per run) |\n|---|---:|---:|---:|---:|---:|---:|\n");
            }
            s.append(String.format(Locale.ROOT, "| %s | %d | %s | %.4f ± %s | %s | %s | %.3f |%n", r.model(), r.runs(), Double.isNaN(r.parameters()) ? "–" : String.format(Locale.ROOT, "%,.0f", r.parameters()),
                    r.mean(), Double.isNaN(r.std()) ? "–" : String.format(Locale.ROOT, "%.4f", r.std()), h(r.searchHours()), h(r.searchCpuHours()), r.trainHours()));
        }
        s.append("\nEvery run folder (search/, retrain/) has its config.json, metrics.csv and curves; the searches also their sparsity_*.png.\n");
        return s.toString();
    }

    private static String h(double v) { return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v); }

    public void write(Path dir) throws IOException {
        List<Row> rows = rows();
        AtomicFile.write(dir.resolve("results.md"), tmp -> Files.writeString(tmp, markdown(rows), StandardCharsets.UTF_8));
        new CsvTable<>(Row.class).write(dir.resolve("results.csv"), rows);
        List<String> datasets = rows.stream().map(Row::dataset).distinct().toList();
        List<CategoryChart> charts = new ArrayList<>();
        for (String d : datasets) {
            List<Row> rs = rows.stream().filter(r -> r.dataset().equals(d)).toList();
            CategoryChart c = new CategoryChartBuilder().width(640).height(420).title("trained on " + d)
                    .yAxisTitle("test " + (rs.get(0).metric().equals("r2") ? "R²" : "accuracy") + " (mean ± std over seeds)").build();
            c.getStyler().setLegendVisible(false);
            c.addSeries("test", rs.stream().map(r -> shortName(r.model())).toList(), rs.stream().map(Row::mean).toList(),
                    rs.stream().map(r -> Double.isNaN(r.std()) ? 0.0 : r.std()).toList());
            charts.add(c);
        }
        ChartImages.writeSideBySide(dir.resolve("results.png"), charts.toArray(new CategoryChart[0]));
        XYChart[] sp = {chart("mean entropy of softmax(α) (log 8 = uniform)"), chart("mass on parameter-free operations")};
        for (Experiment.SearchRun r : searches) {
            var ep = r.sparsity().epochs();
            double[] x = ep.stream().mapToDouble(e -> e.epoch()).toArray();
            sp[0].addSeries("normal, seed " + r.seed(), x, ep.stream().mapToDouble(e -> e.normal().meanEntropy()).toArray());
            sp[0].addSeries("reduce, seed " + r.seed(), x, ep.stream().mapToDouble(e -> e.reduce().meanEntropy()).toArray());
            sp[1].addSeries("normal, seed " + r.seed(), x, ep.stream().mapToDouble(e -> e.normal().parameterFree()).toArray());
            sp[1].addSeries("reduce, seed " + r.seed(), x, ep.stream().mapToDouble(e -> e.reduce().parameterFree()).toArray());
        }
        ChartImages.writeSideBySide(dir.resolve("sparsity.png"), sp);
    }

    private static String shortName(String row) {
        return row.replace("DARTS cell (searched on ", "DARTS (").replace("DARTS cell ", "").replace(" (parameter-matched)", "").replace("random-forest", "random forest");
    }

    private static XYChart chart(String title) {
        XYChart c = new XYChartBuilder().width(560).height(420).title(title).xAxisTitle("search epoch").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        return c;
    }

}

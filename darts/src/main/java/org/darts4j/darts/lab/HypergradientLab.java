package org.darts4j.darts.lab;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.darts4j.darts.hypergradient.ExactHypergradient;
import org.darts4j.darts.hypergradient.FiniteDifferenceHypergradient;
import org.darts4j.darts.hypergradient.Hypergradient;
import org.darts4j.darts.hypergradient.HypergradientDivergedException;
import org.darts4j.darts.hypergradient.HypergradientEstimator;
import org.darts4j.darts.hypergradient.MinresHypergradient;
import org.darts4j.darts.hypergradient.Vectors;
import org.darts4j.darts.run.Progress;
import org.darts4j.tensor.Tensor;
import org.darts4j.tensor.io.AtomicFile;

/**
 * Compares estimators of the hypergradient on one network state and the same batches. Two references: the exact
 * one-step hypergradient (what second-order DARTS approximates) and the implicit hypergradient solved by MINRES to a
 * tolerance (what the bilevel problem asks for, if w were at w*(α)). Per batch and method: cosine and relative L2 error
 * against both, the share of α entries whose sign agrees with the exact one, the agreement of the genotype each
 * estimate votes for ({@link Agreement#voted}), wall time, bytes allocated and peak heap.
 */
public final class HypergradientLab {
    private final LabState state;
    private final PrintStream log;
    private boolean terminal;

    public HypergradientLab(LabState state, PrintStream log) {
        this.state = state;
        this.log = log;
    }

    /** Progress as a bar redrawn in place (a terminal) instead of a line at every tenth of the estimates. */
    public HypergradientLab terminal(boolean t) {
        this.terminal = t;
        return this;
    }

    /** One method on one batch. NaN where the method (or the implicit reference) gave no value; {@code note} says why. */
    public record Row(int batch, String method, double cosineExact, double relErrorExact, double signAgreement, double genotypeAgreement,
                      double cosineImplicit, double relErrorImplicit, double seconds, double allocatedMiB, double peakHeapMiB, String note) {}

    /** The implicit reference's solve on a batch. */
    public record ImplicitSolve(int batch, int iterations, double relativeResidual, double seconds, String failure) {}

    public record Result(List<Row> rows, List<ImplicitSolve> solves) {}

    public Result compare(List<String> methods, MinresHypergradient implicit) {
        List<HypergradientEstimator> estimators = new ArrayList<>();
        for (String m : methods) estimators.add(HypergradientEstimator.parse(m));
        List<Row> rows = new ArrayList<>();
        List<ImplicitSolve> solves = new ArrayList<>();
        int steps = state.network().steps();
        Runnable warm = state.network().saveBuffers();
        new ExactHypergradient().estimate(state.problem(0), state.step());   // warms the JIT up, so that batch 0's times compare
        warm.run();
        long estimates = (long) state.batchCount() * (2 + estimators.stream().filter(e -> !e.name().equals("exact")).count()), done = 0;
        try (Progress progress = new Progress(log, terminal, "hypergradients", estimates, "estimates")) {
        for (int b = 0; b < state.batchCount(); b++) {
            Runnable restore = state.network().saveBuffers();
            Cost.Measured<Hypergradient> exact = measure(new ExactHypergradient(), b);
            progress.update(++done, "batch " + b + " exact");
            restore.run();
            List<Tensor> ref = exact.value().alphaGrads(), refImplicit = null;
            Cost.Measured<Hypergradient> imp;
            try {
                imp = measure(implicit, b);
                refImplicit = imp.value().alphaGrads();
                solves.add(new ImplicitSolve(b, implicit.iterations(), implicit.relativeResidual(), imp.cost().seconds(), ""));
                log.printf(Locale.ROOT, "batch %d: exact in %.1f s; implicit (MINRES) %d iterations, residual %.2e, %.1f s%n", b, exact.cost().seconds(),
                        implicit.iterations(), implicit.relativeResidual(), imp.cost().seconds());
            } catch (HypergradientDivergedException e) {
                solves.add(new ImplicitSolve(b, implicit.iterations(), implicit.relativeResidual(), Double.NaN, e.getMessage()));
                log.printf("batch %d: implicit reference unavailable: %s%n", b, e.getMessage());
            }
            progress.update(++done, "batch " + b + " implicit");
            restore.run();
            for (HypergradientEstimator e : estimators) {
                Cost.Measured<Hypergradient> m;
                if (e.name().equals("exact")) m = exact;
                else {
                    try {
                        m = measure(e, b);
                        progress.update(++done, "batch " + b + " " + e.name());
                    } catch (HypergradientDivergedException ex) {
                        progress.update(++done, "batch " + b + " " + e.name());
                        rows.add(new Row(b, e.name(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                                Double.NaN, ex.getMessage()));
                        log.printf("batch %d %-14s no value: %s%n", b, e.name(), ex.getMessage());
                        continue;
                    } finally {
                        restore.run();
                    }
                }
                List<Tensor> g = m.value().alphaGrads();
                Agreement a = Agreement.of(g, ref, steps);
                double ci = refImplicit == null ? Double.NaN : Vectors.cosine(g, refImplicit);
                double ri = refImplicit == null ? Double.NaN : Vectors.relativeError(g, refImplicit);
                Row r = new Row(b, e.name(), a.cosine(), a.relativeError(), a.signAgreement(), a.genotypeAgreement(), ci, ri, m.cost().seconds(),
                        m.cost().allocatedMiB(), m.cost().peakHeapMiB(), "");
                rows.add(r);
                log.printf(Locale.ROOT, "batch %d %-14s cos(exact) %.4f  rel.err %.3e  signs %.3f  genotype %.3f | cos(implicit) %.4f | %.2f s%n", b, e.name(),
                        r.cosineExact(), r.relErrorExact(), r.signAgreement(), r.genotypeAgreement(), r.cosineImplicit(), r.seconds());
            }
        }
        }
        return new Result(rows, solves);
    }

    private Cost.Measured<Hypergradient> measure(HypergradientEstimator e, int batch) {
        return Cost.of(() -> e.estimate(state.problem(batch), state.step()));
    }

    /** {@code hypergrad.csv}, {@code summary.md} (medians over batches) and {@code hypergrad.png} in {@code out}. */
    public void write(Result r, Path out, String command) throws IOException {
        Files.createDirectories(out);
        StringBuilder csv = new StringBuilder("batch,method,cosine_exact,rel_error_exact,sign_agreement,genotype_agreement,cosine_implicit,rel_error_implicit,seconds,allocated_mib,peak_heap_mib,note\n");
        for (Row x : r.rows())
            csv.append(String.format(Locale.ROOT, "%d,%s,%.6g,%.6g,%.4f,%.4f,%.6g,%.6g,%.4f,%.1f,%.1f,\"%s\"%n", x.batch(), x.method(), x.cosineExact(), x.relErrorExact(),
                    x.signAgreement(), x.genotypeAgreement(), x.cosineImplicit(), x.relErrorImplicit(), x.seconds(), x.allocatedMiB(), x.peakHeapMiB(),
                    x.note().replace('"', '\'')));
        AtomicFile.write(out.resolve("hypergrad.csv"), tmp -> Files.writeString(tmp, csv, StandardCharsets.UTF_8));
        String md = summary(r, command);
        AtomicFile.write(out.resolve("summary.md"), tmp -> Files.writeString(tmp, md, StandardCharsets.UTF_8));
        Map<String, double[]> medians = new LinkedHashMap<>();
        for (String m : methods(r)) medians.put(m, new double[] {median(r, m, Row::cosineExact), median(r, m, Row::cosineImplicit)});
        LabPlots.cosines(out.resolve("hypergrad.png"), medians);
    }

    /** The Markdown table of medians over batches, with the implicit reference's solves. */
    public String summary(Result r, String command) {
        StringBuilder s = new StringBuilder();
        s.append("State: ").append(state.description()).append("; ").append(state.batchCount()).append(" batch pairs of ")
                .append(state.config().batchSize()).append("; ξ = ").append(String.format(Locale.ROOT, "%.5g", state.xi())).append("; dtype ")
                .append(state.network().alphaNormal().data().dtype()).append(".\n");
        if (command != null) s.append("Command: `").append(command).append("`\n");
        s.append("\n| method | cos(exact) | rel. error (exact) | sign agreement | genotype agreement | cos(implicit) | rel. error (implicit) | seconds | allocated MiB | peak heap MiB |\n");
        s.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (String m : methods(r)) {
            long failed = r.rows().stream().filter(x -> x.method().equals(m) && !x.note().isEmpty()).count();
            s.append(String.format(Locale.ROOT, "| %s | %.4f | %.3g | %.3f | %.3f | %.4f | %.3g | %.2f | %.0f | %.0f |%s%n", m, median(r, m, Row::cosineExact),
                    median(r, m, Row::relErrorExact), median(r, m, Row::signAgreement), median(r, m, Row::genotypeAgreement),
                    median(r, m, Row::cosineImplicit), median(r, m, Row::relErrorImplicit), median(r, m, Row::seconds), median(r, m, Row::allocatedMiB),
                    median(r, m, Row::peakHeapMiB), failed > 0 ? " no value on " + failed + " of " + state.batchCount() + " batches" : ""));
        }
        s.append("\nMedians over batches. Implicit reference (MINRES): ");
        for (ImplicitSolve x : r.solves())
            s.append(x.failure().isEmpty() ? String.format(Locale.ROOT, "batch %d %d iterations, residual %.1e, %.1f s; ", x.batch(), x.iterations(),
                    x.relativeResidual(), x.seconds()) : "batch " + x.batch() + ": " + x.failure() + "; ");
        s.append('\n');
        return s.toString();
    }

    private static List<String> methods(Result r) { return r.rows().stream().map(Row::method).distinct().toList(); }

    private static double median(Result r, String method, java.util.function.ToDoubleFunction<Row> f) {
        double[] v = r.rows().stream().filter(x -> x.method().equals(method)).mapToDouble(f).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) return Double.NaN;
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** One point of the finite-difference sweep. */
    public record SweepPoint(double r, double relErrorExact, double cosineExact) {}

    /**
     * The finite-difference estimate against the exact one-step hypergradient on batch 0 for each step r: the central
     * difference's truncation error falls as r², its round-off grows as ε/r.
     */
    public List<SweepPoint> sweep(List<Double> rs) {
        Runnable restore = state.network().saveBuffers();
        List<Tensor> ref = new ExactHypergradient().estimate(state.problem(0), state.step()).alphaGrads();
        restore.run();
        List<SweepPoint> out = new ArrayList<>();
        for (double r : rs) {
            List<Tensor> g = new FiniteDifferenceHypergradient(r).estimate(state.problem(0), state.step()).alphaGrads();
            restore.run();
            out.add(new SweepPoint(r, Vectors.relativeError(g, ref), Vectors.cosine(g, ref)));
            log.printf(Locale.ROOT, "fd:%-8.0e rel. error %.3e  cosine %.8f%n", r, out.get(out.size() - 1).relErrorExact(), out.get(out.size() - 1).cosineExact());
        }
        return out;
    }

    public void writeSweep(List<SweepPoint> points, Path out) throws IOException {
        Files.createDirectories(out);
        StringBuilder csv = new StringBuilder("r,rel_error_exact,cosine_exact\n");
        for (SweepPoint p : points) csv.append(String.format(Locale.ROOT, "%.3g,%.6g,%.10f%n", p.r(), p.relErrorExact(), p.cosineExact()));
        AtomicFile.write(out.resolve("r_sweep.csv"), tmp -> Files.writeString(tmp, csv, StandardCharsets.UTF_8));
        LabPlots.sweep(out.resolve("r_sweep.png"), points, String.valueOf(state.network().alphaNormal().data().dtype()));
    }

    /** Default r values of the sweep: 10⁻⁹ … 10⁰. */
    public static List<Double> defaultSweep() {
        return Arrays.asList(1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0);
    }
}

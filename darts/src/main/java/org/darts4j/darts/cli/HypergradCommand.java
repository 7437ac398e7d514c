package org.darts4j.darts.cli;

import org.darts4j.tensor.Backend;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.darts4j.darts.config.Bind;
import org.darts4j.darts.config.OptionBinding;
import org.darts4j.darts.curvature.ArchitectureHessian;
import org.darts4j.darts.curvature.SymmetricEigen;
import org.darts4j.darts.hypergradient.HypergradientEstimator;
import org.darts4j.darts.hypergradient.InnerCurvature;
import org.darts4j.darts.hypergradient.MinresHypergradient;
import org.darts4j.darts.hypergradient.PowerIteration;
import org.darts4j.darts.lab.Explanation;
import org.darts4j.darts.lab.HypergradientLab;
import org.darts4j.darts.lab.LabState;
import org.darts4j.darts.search.SearchConfig;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.cpu.Parallel;
import org.darts4j.tensor.io.AtomicFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code darts4j hypergrad}: the hypergradient laboratory on a search snapshot or a fresh supernet. */
@Command(name = "hypergrad", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compares hypergradient estimators on one network state and the same batches, against the exact one-step",
                "hypergradient and the implicit one (MINRES to a tolerance): cosine, relative error, sign and genotype agreement, time, memory.",
                "Writes hypergrad.csv, summary.md, hypergrad.png; with --r-sweep r_sweep.csv/.png; with --explain explain.txt;",
                "with --curvature curvature.csv (and hessian_eigenvalues.csv with --full-hessian)."})
final class HypergradCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
    @Option(names = "--run", description = "A search folder: its configuration and last checkpoint are the state studied.") Path run;
    @Bind("data.dataset") @Option(names = "--dataset", description = "Without --run: a fresh supernet on this data set (default fashion-mnist).") String dataset;
    @Bind("data.dataDir") @Option(names = "--data-dir", description = "The folder holding the data set's files, and the only one looked in (default: $DARTS4J_DATA, ~/.darts4j/data, and Debian's Fashion-MNIST).") String dataDir;
    @Bind("supernet.c") @Option(names = "--channels", description = "Without --run: C (default 4).") Integer channels;
    @Bind("supernet.layers") @Option(names = "--layers", description = "Without --run: cells (default 5).") Integer layers;
    @Bind("data.trainSubset") @Option(names = "--train-subset", description = "Without --run: examples searched on (default 2000).") Integer trainSubset;
    @Bind("batchSize") @Option(names = "--batch-size", description = "Batch size of the batches compared on (default: the search's, or 32).") Integer batchSize;
    @Bind("seed") @Option(names = "--seed", description = "Without --run: seed (default 2).") Long seed;
    @Option(names = "--batches", defaultValue = "3", description = "Batch pairs (w half, α half) to compare on (default 3).") int batches;
    @Option(names = "--methods", split = ",", defaultValue = "first-order,fd:0.01,exact,unroll:2,unroll:5,neumann:5,neumann:20,cg:5:0.01,cg:20:0.01",
            description = "Estimators (comma-separated; 'none' to skip the comparison). Valid: first-order, finite-difference, fd:r, exact, unroll:T, neumann:K, cg:K[:damping], implicit[:tol[:damping]].")
    List<String> methods;
    @Option(names = "--implicit-tol", defaultValue = "1e-6", description = "Relative residual of the implicit reference (default 1e-6).") double implicitTol;
    @Option(names = "--implicit-iterations", defaultValue = "300", description = "MINRES iterations at most (default 300).") int implicitIterations;
    @Option(names = "--implicit-damping", defaultValue = "0", description = "δ added to the Hessian of L_train + λ/2‖w‖² in the reference (default 0).") double implicitDamping;
    @Option(names = "--r-sweep", description = "Sweep the finite-difference step r against the exact value.") boolean rSweep;
    @Option(names = "--r-values", split = ",", description = "r values of the sweep (default 1e-9 ... 1).") List<Double> rValues;
    @Option(names = "--explain", split = ",", description = "α entries to explain term by term, e.g. normal:3:sep_conv_3x3,reduce:0:skip_connect.") List<String> explain;
    @Option(names = "--curvature", description = "Dominant eigenvalue of the Hessian of L_val in α on each batch (power iteration).") boolean curvature;
    @Option(names = "--full-hessian", description = "With --curvature: the whole Hessian in α on batch 0 and its spectrum.") boolean fullHessian;
    @Option(names = "--inner-curvature", description = "Estimate both ends of the spectrum of ∇²_w L_train + λI on batch 0 (power iteration, 60 products each).") boolean innerCurvature;
    @Option(names = "--dtype", defaultValue = "float64", description = "float64 (default) or float32.") String dtype;
    @Option(names = "--threads", description = "CPU threads (default: all cores).") Integer threads;
    @CommandLine.Mixin MethodOptions method;
    @Option(names = "--device", defaultValue = "cpu", description = DeviceOption.DESCRIPTION) String device;
    @Option(names = "--out", description = "Output folder (default runs/hypergrad-TIME).") Path out;

    @Override public Integer call() throws Exception {
        Backend backend = DeviceOption.resolve(device);
        DType t = DType.parse(dtype);
        boolean compare = !(methods.size() == 1 && methods.get(0).equals("none"));
        if (compare) for (String m : methods) HypergradientEstimator.parse(m);
        MinresHypergradient implicit = new MinresHypergradient(implicitTol, implicitIterations, implicitDamping);
        if (threads != null) Parallel.setThreads(threads);
        PrintStream log = System.out;
        LabState state;
        if (run != null) state = LabState.fromRun(run, t, backend, batches, batchSize != null ? batchSize : 0, log);
        else {
            SearchConfig c = SearchConfig.small().withMethod(method.method(new org.darts4j.darts.search.method.SearchMethod.Darts()), 0);
            c = OptionBinding.apply(c, this).withThreads(0).withDtype(t);
            state = LabState.fresh(c, t, backend, batches, log);
        }
        List<Explanation.Entry> entries = new ArrayList<>();
        if (explain != null) for (String e : explain) entries.add(Explanation.Entry.parse(e, state.network().alphaNormal().data().size(0)));
        Path dir = out != null ? out : Path.of("runs", "hypergrad-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(dir);
        log.println("hypergradient laboratory on " + state.description() + "; results in " + dir);
        HypergradientLab lab = new HypergradientLab(state, log).terminal(System.console() != null);
        if (innerCurvature) {
            Runnable restore = state.network().saveBuffers();
            InnerCurvature.Ends e = InnerCurvature.of(state.problem(0), state.step().weightDecay(), 60, 0);
            restore.run();
            String line = String.format(Locale.ROOT, "inner Hessian ∇²_w L_train + λI on batch 0: largest eigenvalue ≈ %.6g, smallest ≈ %.6g"
                    + " (CG needs damping δ > %.3g; Neumann needs ξ·largest = %.3g < 2)%n", e.largest(), e.smallest(), Math.max(0, -e.smallest()),
                    state.xi() * e.largest());
            log.print(line);
            AtomicFile.write(dir.resolve("inner_curvature.txt"), tmp -> Files.writeString(tmp, line, StandardCharsets.UTF_8));
        }
        String command = "./darts4j " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        if (compare) {
            HypergradientLab.Result r = lab.compare(methods, implicit);
            lab.write(r, dir, command);
            log.println();
            log.print(lab.summary(r, command));
        }
        if (rSweep) lab.writeSweep(lab.sweep(rValues != null ? rValues : HypergradientLab.defaultSweep()), dir);
        if (!entries.isEmpty()) {
            String text = Explanation.explain(state, entries, 0.01);
            AtomicFile.write(dir.resolve("explain.txt"), tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
            log.println();
            log.print(text);
        }
        if (curvature) curvature(state, dir, log);
        log.println("results in " + dir);
        return 0;
    }

    private void curvature(LabState state, Path dir, PrintStream log) throws java.io.IOException {
        StringBuilder csv = new StringBuilder("batch,dominant_eigenvalue,iterations\n");
        for (int b = 0; b < state.batchCount(); b++) {
            Runnable restore = state.network().saveBuffers();
            ArchitectureHessian h = new ArchitectureHessian(state.problem(b).valLoss(), state.network().alphas());
            PowerIteration.Eigen e = h.dominantEigenvalue(200, 1e-6, b);
            csv.append(String.format(Locale.ROOT, "%d,%.8g,%d%n", b, e.value(), e.iterations()));
            log.printf(Locale.ROOT, "batch %d: dominant eigenvalue of ∇²_α L_val = %.6g (%d power iterations)%n", b, e.value(), e.iterations());
            if (fullHessian && b == 0) {
                double[] ev = SymmetricEigen.eigenvalues(h.full());
                StringBuilder s = new StringBuilder("rank,eigenvalue\n");
                for (int i = ev.length - 1; i >= 0; i--) s.append(ev.length - i).append(',').append(String.format(Locale.ROOT, "%.10g", ev[i])).append('\n');
                AtomicFile.write(dir.resolve("hessian_eigenvalues.csv"), tmp -> Files.writeString(tmp, s, StandardCharsets.UTF_8));
                log.printf(Locale.ROOT, "batch 0: full %dx%d Hessian: largest eigenvalues %.6g, %.6g, %.6g; smallest %.6g; trace %.6g%n", ev.length, ev.length,
                        ev[ev.length - 1], ev[ev.length - 2], ev[ev.length - 3], ev[0], java.util.Arrays.stream(ev).sum());
            }
            restore.run();
        }
        AtomicFile.write(dir.resolve("curvature.csv"), tmp -> Files.writeString(tmp, csv, StandardCharsets.UTF_8));
    }
}

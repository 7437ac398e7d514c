package org.darts4j.darts.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.darts4j.darts.ToyData;
import org.darts4j.darts.cli.Main;
import org.darts4j.darts.config.Data;
import org.darts4j.darts.search.Search;
import org.darts4j.darts.search.SearchConfig;
import org.darts4j.darts.search.method.SearchMethod;
import org.darts4j.tensor.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabTest {
    @TempDir Path dir;

    @Test void theLaboratoryOnASearchSnapshot() throws Exception {
        String data = ToyData.write(dir, 32);
        Path run = dir.resolve("search");
        new Search(SearchConfig.small().withData(Data.of(data)).withEpochs(1).withBatchSize(8).withSupernet(2, 3)
                .withSeed(1), run, new PrintStream(new ByteArrayOutputStream())).run();
        Path out = dir.resolve("lab");
        PrintStream old = System.out;
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        System.setOut(new PrintStream(text, true));
        int rc;
        try {
            rc = Main.execute("hypergrad", "--run", run.toString(), "--batches", "1", "--methods", "first-order,exact,unroll:1,fd:0.01,neumann:2,cg:3:1,cg:3",
                    "--implicit-tol", "1e-6", "--implicit-iterations", "200", "--implicit-damping", "50", "--r-sweep", "--r-values", "1e-6,1e-3,1e-1",
                    "--explain", "normal:3:sep_conv_3x3,reduce:0:max_pool_3x3", "--curvature", "--out", out.toString());
        } finally {
            System.setOut(old);
        }
        assertEquals(0, rc, text.toString());
        for (String f : List.of("hypergrad.csv", "summary.md", "hypergrad.png", "r_sweep.csv", "r_sweep.png", "explain.txt", "curvature.csv"))
            assertTrue(Files.isRegularFile(out.resolve(f)), f);

        Map<String, String[]> batch0 = Files.readAllLines(out.resolve("hypergrad.csv")).stream().skip(1).filter(l -> l.startsWith("0,"))
                .map(l -> l.split(",", -1)).collect(Collectors.toMap(f -> f[1], f -> f));
        // first order drops the mixed term ξ·∇²αw L_train·v, so it cannot agree with the exact estimate to the last digit
        assertTrue(Double.parseDouble(batch0.get("first-order")[2]) < 1 - 1e-9, "first-order vs exact: " + String.join(",", batch0.get("first-order")));
        assertTrue(Double.parseDouble(batch0.get("unroll:1")[3]) < 1e-10, "unroll:1 is the exact one-step hypergradient: " + String.join(",", batch0.get("unroll:1")));
        // (fd:r is not asserted close to exact here: on a ReLU network the difference quotient also sees the kinks that w ± Rv
        // crosses, which the exact second derivative does not; the smooth problems of the estimator tests check it)
        String summary = Files.readString(out.resolve("summary.md"));
        boolean implicitSolved = summary.contains("iterations, residual");
        assertTrue(implicitSolved, "MINRES on the damped system (δ = 50) must reach 1e-6 within 200 iterations: " + summary);
        for (String m : List.of("first-order", "fd:0.01", "neumann:2")) {
            double cos = Double.parseDouble(batch0.get(m)[2]), sign = Double.parseDouble(batch0.get(m)[4]), geno = Double.parseDouble(batch0.get(m)[5]);
            assertTrue(cos > -1 && cos <= 1 + 1e-12 && sign >= 0 && sign <= 1 && geno >= 0 && geno <= 1, m + ": " + String.join(",", batch0.get(m)));
            assertEquals(implicitSolved, Double.isFinite(Double.parseDouble(batch0.get(m)[6])), String.join(",", batch0.get(m)));
        }
        for (String m : List.of("cg:3", "cg:3:1.0")) {   // CG on a barely trained supernet: a value, or a plain refusal
            String[] cg = batch0.get(m);
            assertTrue(cg[11].contains("non-positive curvature") || Double.isFinite(Double.parseDouble(cg[2])), String.join(",", cg));
        }

        List<String> sweep = Files.readAllLines(out.resolve("r_sweep.csv"));
        assertEquals(4, sweep.size());
        for (String row : sweep.subList(1, 4)) assertTrue(Double.isFinite(Double.parseDouble(row.split(",")[1])), row);

        String explain = Files.readString(out.resolve("explain.txt"));
        assertTrue(explain.contains("α_normal[edge 3: node 1 ← c_{k-1}][sep_conv_3x3]"), explain);
        assertTrue(explain.contains("α_reduce[edge 0: node 0 ← c_{k-2}][max_pool_3x3]"), explain);
        Matcher m = Pattern.compile("largest difference from autograd: ([0-9.eE+-]+)").matcher(explain);
        int decompositions = 0;
        while (m.find()) {
            assertTrue(Double.parseDouble(m.group(1)) < 1e-12, "the softmax decomposition reproduces autograd: " + explain);
            decompositions++;
        }
        assertEquals(2, decompositions);
        // the exact hypergradient is the sum of its terms
        Matcher first = Pattern.compile("first term .*= ([-+0-9.e]+)").matcher(explain), mixed = Pattern.compile("−ξ · mixed \\(exact\\) .*= ([-+0-9.e]+)").matcher(explain),
                total = Pattern.compile("first − ξ·mixed \\(exact\\) .*= ([-+0-9.e]+)").matcher(explain);
        assertTrue(first.find() && mixed.find() && total.find(), explain);
        assertEquals(Double.parseDouble(total.group(1)), Double.parseDouble(first.group(1)) + Double.parseDouble(mixed.group(1)),
                1e-5 * Math.abs(Double.parseDouble(total.group(1))) + 1e-12);

        assertEquals(2, Files.readAllLines(out.resolve("curvature.csv")).size());
    }

    /**
     * PC-DARTS' architecture includes β and GDAS' loss is that of one Gumbel sample: the laboratory studies both, and
     * the exact one-step hypergradient and one step of reverse-mode unrolling, computed by different code, agree, which
     * they can only do if every estimator sees the same architecture parameters and the same sample.
     */
    @Test void theLaboratoryOnPcDartsAndGdasSnapshots() throws Exception {
        String data = ToyData.write(dir, 32);
        for (SearchMethod m : List.of(new SearchMethod.PcDarts(2, true), new SearchMethod.Gdas(10, 1))) {
            Path run = dir.resolve("search-" + m.label()), out = dir.resolve("lab-" + m.label());
            new Search(SearchConfig.small().withData(Data.of(data)).withEpochs(1).withBatchSize(8).withSupernet(2, 3).withSeed(1)
                    .withDtype(DType.parse("float64")).withMethod(m, 0), run, new PrintStream(new ByteArrayOutputStream())).run();
            PrintStream old = System.out;
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            System.setOut(new PrintStream(text, true));
            int rc;
            try {
                rc = Main.execute("hypergrad", "--run", run.toString(), "--batches", "2", "--methods", "first-order,exact,unroll:1", "--dtype", "float64",
                        "--out", out.toString());
            } finally {
                System.setOut(old);
            }
            assertEquals(0, rc, text.toString());
            List<String[]> rows = Files.readAllLines(out.resolve("hypergrad.csv")).stream().skip(1).map(l -> l.split(",", -1)).toList();
            for (String[] r : rows)
                if (r[1].equals("unroll:1")) assertTrue(Double.parseDouble(r[3]) < 1e-10, m.label() + ": unroll:1 against exact: " + String.join(",", r));
            assertEquals(2, rows.stream().filter(r -> r[1].equals("unroll:1")).count(), m.label());
        }
    }

    @Test void badInputIsNamed() throws Exception {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true));
        try {
            assertEquals(1, Main.execute("hypergrad", "--methods", "first-order,newton", "--out", dir.resolve("x").toString()));
            assertTrue(err.toString().contains("unknown hypergradient 'newton': expected one of first-order, finite-difference, fd:r, exact, unroll:T"), err.toString());
            assertEquals(1, Main.execute("hypergrad", "--run", dir.resolve("nothing").toString()));
            assertTrue(err.toString().contains("config.json"), err.toString());
        } finally {
            System.setErr(old);
        }
    }
}

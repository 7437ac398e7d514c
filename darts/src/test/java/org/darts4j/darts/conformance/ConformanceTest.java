package org.darts4j.darts.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.cpu.CpuBackend;
import org.junit.jupiter.api.Test;

/** The shared conformance cases (computed by PyTorch), run the way the {@code conformance} command runs them. */
public class ConformanceTest {
    /** {@code ../shared/conformance} beside the repository root (the module's parent). */
    public static Path sharedCases() {
        Path p = Path.of("").toAbsolutePath().getParent().getParent().resolve("shared/conformance");
        assertTrue(Files.isDirectory(p), "the shared conformance cases are expected at " + p);
        return p;
    }

    private static List<CaseResult> runAll(DType dtype) throws Exception {
        List<CaseResult> results = new ArrayList<>();
        for (Path c : Conformance.findCases(List.of(sharedCases().resolve("ops")))) results.add(Conformance.run(c, dtype, CpuBackend.get()));
        return results;
    }

    private static void assertOpCasesPass(DType dtype) throws Exception {
        List<CaseResult> results = runAll(dtype);
        assertTrue(results.size() >= 28, "expected the 25 op and 3 optimizer cases, found " + results.size());
        for (CaseResult r : results) assertEquals(CaseResult.Status.PASS, r.status(), r.line());
    }

    @Test void everyOpCasePassesInFloat64() throws Exception { assertOpCasesPass(DType.FLOAT64); }

    @Test void everyOpCasePassesInFloat32() throws Exception { assertOpCasesPass(DType.FLOAT32); }

    /** The reference search network: logits, loss, every gradient, the three hypergradients and the genotype. */
    @Test void dartsSupernetCasesPassInFloat64() throws Exception {
        List<Path> cases = Conformance.findCases(List.of(sharedCases().resolve("darts")));
        assertTrue(cases.size() >= 2, "expected the supernet cases, found " + cases);
        for (Path c : cases) {
            CaseResult r = Conformance.run(c, DType.FLOAT64, CpuBackend.get());
            assertEquals(CaseResult.Status.PASS, r.status(), r.line());
        }
    }
}

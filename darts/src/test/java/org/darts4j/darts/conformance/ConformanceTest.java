package org.darts4j.darts.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.cpu.CpuBackend;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The conformance cases, run the way the {@code conformance} command runs them: the repository's own
 * ({@code conformance/cases}, written by {@code conformance/generate}) always, and the public cases of
 * {@code ../shared/conformance} when that folder is beside the repository.
 */
public class ConformanceTest {
    /** Cases of every kind the repository must hold, by kind. */
    private static final Map<String, Integer> EXPECTED = Map.of("op", 24, "optimizer", 3, "darts_supernet", 2, "darts_network", 2,
            "darts_search_trajectory", 2, "pcdarts_supernet", 2, "gdas_supernet", 2);

    @TempDir Path dir;

    /** {@code conformance/cases} in the repository root (the module's parent). */
    public static Path repositoryCases() {
        Path p = Path.of("").toAbsolutePath().getParent().resolve("conformance/cases");
        assertTrue(Files.isDirectory(p), "the repository's conformance cases are expected at " + p);
        return p;
    }

    /** {@code ../shared/conformance} beside the repository, when it is there. */
    public static java.util.Optional<Path> sharedCasesIfPresent() {
        Path p = Path.of("").toAbsolutePath().getParent().getParent().resolve("shared/conformance");
        return Files.isDirectory(p) ? java.util.Optional.of(p) : java.util.Optional.empty();
    }

    /** {@code ../shared/conformance} beside the repository; the test calling it is skipped when it is absent. */
    public static Path sharedCases() {
        var p = sharedCasesIfPresent();
        Assumptions.assumeTrue(p.isPresent(), "no ../shared/conformance beside the repository: the public cases are skipped");
        return p.get();
    }

    @ParameterizedTest(name = "{0}") @EnumSource(DType.class)
    void everyRepositoryCasePasses(DType dtype) throws Exception {
        Map<String, Integer> kinds = new TreeMap<>();
        for (Path c : Conformance.findCases(List.of(repositoryCases()))) {
            kinds.merge(Conformance.kindOf(c), 1, Integer::sum);
            CaseResult r = Conformance.run(c, dtype, CpuBackend.get());
            assertEquals(CaseResult.Status.PASS, r.status(), dtype + ": " + r.line());
        }
        assertEquals(new TreeMap<>(EXPECTED), kinds, "cases per kind in " + repositoryCases());
    }

    @ParameterizedTest(name = "{0}") @EnumSource(DType.class)
    void everySharedCaseOfOurKindsPasses(DType dtype) throws Exception {
        List<Path> cases = Conformance.findImplementedCases(List.of(sharedCases()));
        assertTrue(cases.size() >= 38, "expected the 38 public cases of the kinds " + Conformance.KINDS + ", found " + cases.size());
        for (Path c : cases) {
            CaseResult r = Conformance.run(c, dtype, CpuBackend.get());
            assertEquals(CaseResult.Status.PASS, r.status(), dtype + ": " + r.line());
        }
    }

    /** A copy of a repository case with one JSON field changed. */
    private Path altered(String kind, String caseName, String field, double value) throws Exception {
        Path src = repositoryCases().resolve(kind).resolve(caseName + ".json");
        ObjectMapper json = new ObjectMapper();
        ObjectNode spec = (ObjectNode) json.readTree(src.toFile());
        spec.put(field, value);
        Files.copy(src.resolveSibling(caseName + ".npz"), dir.resolve(caseName + ".npz"));
        Path out = dir.resolve(caseName + ".json");
        json.writeValue(out.toFile(), spec);
        return out;
    }

    /** The trajectory check sees each piece of the loop: a wrong momentum, weight decay, clip, Adam rate or R fails it. */
    @Test void aTrajectoryWithAnyLoopConstantChangedFails() throws Exception {
        String[][] changes = {{"momentum", "0.85"}, {"weight_decay", "3e-3"}, {"grad_clip", "4.0"}, {"arch_lr", "2.9e-3"}, {"arch_weight_decay", "0"}};
        for (String[] ch : changes) {
            Path c = altered("trajectory", "search_c4_l4_gray12_first_order_t3", ch[0], Double.parseDouble(ch[1]));
            CaseResult r = Conformance.run(c, DType.FLOAT64, CpuBackend.get());
            assertEquals(CaseResult.Status.FAIL, r.status(), ch[0] + " = " + ch[1] + " must be noticed: " + r.line());
            Files.delete(c);
            Files.delete(dir.resolve("search_c4_l4_gray12_first_order_t3.npz"));
        }
        Path c = altered("trajectory", "search_c4_l4_gray12_unrolled_t2", "fd_r", 0.02);
        assertEquals(CaseResult.Status.FAIL, Conformance.run(c, DType.FLOAT64, CpuBackend.get()).status(), "a different R must be noticed");
    }

    @Test void aNetworkWithAnotherAuxiliaryWeightFails() throws Exception {
        Path c = altered("network", "searched_c2_l5_aux_rgb32", "auxiliary_weight", 0.5);
        CaseResult r = Conformance.run(c, DType.FLOAT64, CpuBackend.get());
        assertEquals(CaseResult.Status.FAIL, r.status(), r.line());
        assertTrue(r.detail().startsWith("expect.loss"), r.detail());
    }
}

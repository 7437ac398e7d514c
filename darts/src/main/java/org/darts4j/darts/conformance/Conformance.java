package org.darts4j.darts.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.darts4j.tensor.Backend;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.io.NpyArray;
import org.darts4j.tensor.io.Npz;

/**
 * Runs conformance cases ({@code conformance/cases} of the repository, or the public {@code ../shared/conformance}):
 * every {@code NAME.json} with its {@code NAME.npz}, in any folder
 * given (searched recursively), on a chosen dtype and backend. Kinds not implemented yet are skipped with the reason.
 */
public final class Conformance {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The case kinds this runner implements; any other kind is skipped with the reason. */
    public static final Set<String> KINDS = Set.of("op", "optimizer", "darts_supernet", "darts_network", "darts_search_trajectory",
            "pcdarts_supernet", "gdas_supernet");

    private Conformance() {}

    /** The {@code kind} a case file declares ("" when it declares none or cannot be read as JSON). */
    public static String kindOf(Path json) {
        try {
            return JSON.readTree(json.toFile()).path("kind").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    /** The cases under {@code roots} whose kind this runner implements. */
    public static List<Path> findImplementedCases(List<Path> roots) throws IOException {
        return findCases(roots).stream().filter(c -> KINDS.contains(kindOf(c))).toList();
    }

    /** Every case file under the given files or folders, sorted by path. */
    public static List<Path> findCases(List<Path> roots) throws IOException {
        List<Path> cases = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.exists(root)) throw new IOException(root + ": no such file or folder");
            if (Files.isRegularFile(root)) {
                if (!root.toString().endsWith(".json")) throw new IOException(root + ": not a case file (expected NAME.json beside NAME.npz)");
                cases.add(root);
                continue;
            }
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(p -> p.toString().endsWith(".json") && Files.isRegularFile(p)).sorted().forEach(cases::add);
            }
        }
        return cases;
    }

    /** Runs one case; any error in it becomes a failed result that names the problem. */
    public static CaseResult run(Path json, DType dtype, Backend backend) {
        String name = json.getParent() == null ? stem(json) : json.getParent().getFileName() + "/" + stem(json);
        try {
            JsonNode spec;
            try {
                spec = JSON.readTree(json.toFile());
            } catch (JsonProcessingException e) {
                return new CaseResult(name, CaseResult.Status.FAIL, Double.NaN, json + ": not valid JSON (" + e.getOriginalMessage() + ")");
            }
            String kind = spec.path("kind").asText("");
            if (!KINDS.contains(kind)) return new CaseResult(name, CaseResult.Status.SKIP, 0, "unknown case kind '" + kind + "'");
            Path npz = json.resolveSibling(spec.path("arrays").asText(stem(json) + ".npz"));
            Map<String, NpyArray> arrays = Npz.read(npz);
            CaseData data = new CaseData(spec, arrays, dtype, backend);
            return switch (kind) {
                case "op" -> new OpCase(name, spec, arrays, dtype, backend).run();
                case "optimizer" -> OptimizerCase.run(name, spec, arrays, dtype, backend);
                case "darts_network" -> NetworkCase.run(name, data);
                case "darts_search_trajectory" -> TrajectoryCase.run(name, data);
                case "pcdarts_supernet" -> PcDartsCase.run(name, data);
                case "gdas_supernet" -> GdasCase.run(name, data);
                default -> DartsCase.run(name, data);
            };
        } catch (IOException | RuntimeException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new CaseResult(name, CaseResult.Status.FAIL, Double.NaN, msg);
        }
    }

    private static String stem(Path p) {
        String f = p.getFileName().toString();
        return f.endsWith(".json") ? f.substring(0, f.length() - 5) : f;
    }

    /** The closing line: {@code N passed, M failed, K skipped}. */
    public static String summary(List<CaseResult> results) {
        long pass = results.stream().filter(r -> r.status() == CaseResult.Status.PASS).count();
        long fail = results.stream().filter(r -> r.status() == CaseResult.Status.FAIL).count();
        long skip = results.size() - pass - fail;
        return pass + " passed, " + fail + " failed, " + skip + " skipped";
    }
}

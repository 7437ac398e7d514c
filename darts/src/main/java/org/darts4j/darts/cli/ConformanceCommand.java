package org.darts4j.darts.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.darts4j.darts.conformance.CaseResult;
import org.darts4j.darts.conformance.Conformance;
import org.darts4j.tensor.Backend;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.cpu.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code darts4j conformance [--dtype float64|float32] [--device cpu] DIR...}. */
@Command(name = "conformance", mixinStandardHelpOptions = true,
        description = {"Runs the conformance cases (NAME.json + NAME.npz, computed by PyTorch and the reference DARTS code)",
                "found in the given folders; prints one line per case and closes with 'N passed, M failed, K skipped'.",
                "Exit status 0 exactly when nothing failed."})
final class ConformanceCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Case folders (searched recursively) or case files.")
    List<Path> dirs = new ArrayList<>();

    @Option(names = "--dtype", defaultValue = "float64", description = "float64 (the cases' tolerances) or float32 (relative 1e-4).")
    String dtype;

    @Option(names = "--device", defaultValue = "cpu", description = DeviceOption.DESCRIPTION)
    String device;

    @Option(names = "--threads", description = "CPU threads (default: all cores).")
    Integer threads;

    @Override public Integer call() throws Exception {
        DType t = DType.parse(dtype);
        Backend backend = DeviceOption.resolve(device);
        if (threads != null) Parallel.setThreads(threads);
        List<CaseResult> results = new ArrayList<>();
        for (Path c : Conformance.findCases(dirs)) {
            CaseResult r = Conformance.run(c, t, backend);
            System.out.println(r.line());
            results.add(r);
        }
        if (results.isEmpty()) throw new IllegalArgumentException("no conformance cases (NAME.json) found in " + dirs);
        System.out.println(Conformance.summary(results));
        return results.stream().anyMatch(r -> r.status() == CaseResult.Status.FAIL) ? 1 : 0;
    }
}

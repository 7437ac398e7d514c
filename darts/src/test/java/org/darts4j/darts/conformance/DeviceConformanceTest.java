package org.darts4j.darts.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.darts4j.tensor.Devices;
import org.darts4j.tensor.Backend;
import org.darts4j.tensor.DType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every conformance case of the repository, and the public cases of {@code ../shared/conformance} of the kinds the
 * runner implements ({@link Conformance#KINDS}) when that folder is beside the repository, on the GPU backends, in
 * float64 with the cases' tolerances and in float32. A device this machine lacks skips with the reason, except OpenCL
 * where a driver is registered (scripts/setup.sh installs PoCL, so CI fails rather than skips).
 */
public class DeviceConformanceTest {
    static Stream<Arguments> devices() {
        List<Arguments> out = new ArrayList<>();
        for (String d : new String[] {"opencl", "cuda"})
            for (DType t : DType.values()) out.add(Arguments.of(d, t));
        return out.stream();
    }

    /** The backend {@code name}; skips the test when it is absent, fails when an OpenCL driver is registered but OpenCL is not there. */
    public static Backend device(String name) {
        try {
            return Devices.resolve(name, s -> {});
        } catch (IllegalStateException e) {
            List<String> drivers = Devices.openClDrivers();
            if (name.equals("opencl") && !drivers.isEmpty())
                throw new AssertionError("OpenCL drivers " + drivers + " are registered but: " + e.getMessage(), e);
            Assumptions.abort(e.getMessage());
            return null;
        }
    }

    @ParameterizedTest(name = "{0} {1}") @MethodSource("devices")
    void everyCasePasses(String name, DType dtype) throws Exception {
        Backend b = device(name);
        if (dtype == DType.FLOAT64) Assumptions.assumeTrue(b.hasFloat64(), name + " has no float64");
        List<Path> cases = new ArrayList<>(Conformance.findCases(List.of(ConformanceTest.repositoryCases())));
        assertTrue(cases.size() >= 37, "expected the repository's 37 cases, found " + cases.size());
        var shared = ConformanceTest.sharedCasesIfPresent();
        if (shared.isPresent()) cases.addAll(Conformance.findImplementedCases(List.of(shared.get())));
        for (Path c : cases) {
            CaseResult r = Conformance.run(c, dtype, b);
            assertEquals(CaseResult.Status.PASS, r.status(), name + " " + dtype + ": " + r.line());
        }
    }
}

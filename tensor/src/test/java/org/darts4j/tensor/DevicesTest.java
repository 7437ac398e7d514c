package org.darts4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.darts4j.tensor.cpu.CpuBackend;
import org.junit.jupiter.api.Test;

/**
 * The tensor module alone, as a build without the darts4j-gpu module would have it: no provider registered, the CPU
 * works, and a GPU device is refused in one line that says why.
 */
class DevicesTest {
    @Test void withoutTheGpuModuleTheCpuRunsAndGpusAreRefusedByName() {
        assertTrue(Devices.providers().isEmpty(), "no provider on the tensor module's own class path: " + Devices.providers());
        assertSame(CpuBackend.get(), Devices.resolve("cpu", s -> {}));
        for (String d : List.of("cuda", "opencl", "cuda:1")) {
            var e = assertThrows(IllegalStateException.class, () -> Devices.resolve(d, s -> {}));
            String n = d.replace(":1", "");
            assertEquals(n + " is not available: this build of darts4j has no " + n + " backend (the darts4j-gpu module is not on the class path)", e.getMessage());
        }
        List<String> notices = new ArrayList<>();
        assertSame(CpuBackend.get(), Devices.resolve("auto", notices::add));
        assertEquals(List.of("darts4j: cuda is not available: this build of darts4j has no cuda backend (the darts4j-gpu module is not on the class path); using the cpu"), notices);
        for (String d : List.of("tpu", "cuda:", "cuda:x", "cuda:-1")) {
            var e = assertThrows(IllegalArgumentException.class, () -> Devices.resolve(d, s -> {}));
            assertEquals("unknown device '" + d + "': expected auto, cpu, cuda, cuda:N or opencl", e.getMessage());
        }
    }
}

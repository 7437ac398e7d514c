package org.darts4j.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.darts4j.tensor.Backend;
import org.darts4j.tensor.Devices;
import org.junit.jupiter.api.Test;

/** {@code --device cuda:N} (a Spark task on the GPU it was assigned): device N of CUDA; one-device backends refuse N > 0. */
class DeviceIndexTest {
    @Test void cudaTakesADeviceNumberAndOpenClHasOneDevice() {
        var e = assertThrows(IllegalArgumentException.class, () -> Devices.resolve("opencl:1", s -> {}));
        assertEquals("--device opencl:1: the opencl backend has one device, opencl:0", e.getMessage());
        Backend cuda;
        try {
            cuda = Devices.resolve("cuda", s -> {});
        } catch (IllegalStateException none) {
            var f = assertThrows(IllegalStateException.class, () -> Devices.resolve("cuda:1", s -> {}));
            assertTrue(f.getMessage().startsWith("CUDA is not available: "), f.getMessage());
            return;
        }
        assertSame(cuda, Devices.resolve("cuda:0", s -> {}));
        assertEquals("cuda:0", cuda.device().toString());
        var f = assertThrows(IllegalStateException.class, () -> Devices.resolve("cuda:999", s -> {}));
        assertTrue(f.getMessage().contains("no CUDA device cuda:999 (this machine has "), f.getMessage());
    }
}

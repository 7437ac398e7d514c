package org.darts4j.darts.cli;

import org.darts4j.tensor.Backend;
import org.darts4j.tensor.cpu.CpuBackend;

/** Resolves {@code --device}: {@code cpu}, or {@code auto}, which falls back to the CPU with a one-line notice. */
final class DeviceOption {
    private DeviceOption() {}

    static Backend resolve(String name) {
        return switch (name.toLowerCase()) {
            case "cpu" -> CpuBackend.get();
            case "auto" -> {
                System.err.println("darts4j: no GPU backend in this build; using the cpu");
                yield CpuBackend.get();
            }
            case "cuda", "opencl" -> throw new IllegalArgumentException("device '" + name + "' is not available in this build: expected cpu or auto");
            default -> throw new IllegalArgumentException("unknown device '" + name + "': expected auto, cpu, cuda or opencl");
        };
    }
}

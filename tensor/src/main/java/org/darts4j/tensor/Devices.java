package org.darts4j.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import org.darts4j.tensor.cpu.CpuBackend;

/**
 * {@code --device auto|cpu|cuda|cuda:N|opencl}: the CPU, or a backend a {@link DeviceProvider} registered ({@code NAME:N}:
 * its device N). {@code auto} takes
 * CUDA when a device answers and the CPU otherwise, with a one-line notice; {@code cuda} and {@code opencl} fail with
 * one line naming what is missing, including the case where no provider of that name is on the class path.
 */
public final class Devices {
    private Devices() {}

    /** The names {@code --device} accepts. */
    public static final String NAMES = "auto, cpu, cuda, cuda:N or opencl";

    /** The registered providers, in class-path order. */
    public static List<DeviceProvider> providers() {
        List<DeviceProvider> out = new ArrayList<>();
        ServiceLoader.load(DeviceProvider.class, Devices.class.getClassLoader()).forEach(out::add);
        return out;
    }

    /** The backend {@code name} selects; {@code notice} receives {@code auto}'s choice. */
    public static Backend resolve(String name, Consumer<String> notice) {
        String n = name.toLowerCase(Locale.ROOT);
        switch (n) {
            case "cpu":
                return CpuBackend.get();
            case "auto":
                try {
                    Backend b = provider("cuda").open();
                    notice.accept("darts4j: using " + b.describe());
                    return b;
                } catch (IllegalStateException e) {
                    notice.accept("darts4j: " + e.getMessage() + "; using the cpu");
                    return CpuBackend.get();
                }
            case "cuda":
            case "opencl":
                return provider(n).open();
            default:
                int colon = n.indexOf(':');
                if (colon > 0 && n.substring(colon + 1).matches("[0-9]{1,4}"))
                    return provider(n.substring(0, colon)).open(Integer.parseInt(n.substring(colon + 1)));
                throw new IllegalArgumentException("unknown device '" + name + "': expected " + NAMES);
        }
    }

    /**
     * The OpenCL drivers registered with the ICD loader ({@code /etc/OpenCL/vendors/*.icd}; PoCL's is {@code pocl.icd}):
     * where there is one, OpenCL should start, and tests fail rather than skip when it does not.
     */
    public static List<String> openClDrivers() {
        java.nio.file.Path dir = java.nio.file.Path.of("/etc/OpenCL/vendors");
        if (!java.nio.file.Files.isDirectory(dir)) return List.of();
        try (var s = java.nio.file.Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".icd")).sorted().toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    private static DeviceProvider provider(String name) {
        for (DeviceProvider p : providers()) if (p.name().equals(name)) return p;
        throw new IllegalStateException(name + " is not available: this build of darts4j has no " + name
                + " backend (the darts4j-gpu module is not on the class path)");
    }
}

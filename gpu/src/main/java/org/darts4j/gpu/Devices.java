package org.darts4j.gpu;

import java.util.function.Consumer;
import org.darts4j.tensor.Backend;
import org.darts4j.tensor.cpu.CpuBackend;

/**
 * {@code --device auto|cpu|cuda|opencl}. {@code auto} takes CUDA when a device answers and the CPU otherwise, with a
 * one-line notice; {@code cuda} and {@code opencl} fail with one line naming what is missing. Probing never crashes the
 * program: a missing library shows as {@link UnsatisfiedLinkError} or {@link NoClassDefFoundError}, both caught.
 */
public final class Devices {
    private Devices() {}

    public static final String NAMES = "auto, cpu, cuda or opencl";

    public static Backend resolve(String name, Consumer<String> notice) {
        return switch (name.toLowerCase()) {
            case "cpu" -> CpuBackend.get();
            case "cuda" -> CudaBackend.get();
            case "opencl" -> OpenClBackend.get();
            case "auto" -> {
                try {
                    CudaBackend b = CudaBackend.get();
                    notice.accept("darts4j: using " + b.describe());
                    yield b;
                } catch (IllegalStateException e) {
                    notice.accept("darts4j: " + e.getMessage() + "; using the cpu");
                    yield CpuBackend.get();
                }
            }
            default -> throw new IllegalArgumentException("unknown device '" + name + "': expected " + NAMES);
        };
    }

    /** The OpenCL drivers registered with the ICD loader (/etc/OpenCL/vendors/*.icd): PoCL's is {@code pocl.icd}. */
    public static java.util.List<String> openClDrivers() {
        java.nio.file.Path dir = java.nio.file.Path.of("/etc/OpenCL/vendors");
        if (!java.nio.file.Files.isDirectory(dir)) return java.util.List.of();
        try (var s = java.nio.file.Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".icd")).sorted().toList();
        } catch (java.io.IOException e) {
            return java.util.List.of();
        }
    }

    private static final java.util.regex.Pattern MISSING_LIBRARY =
            java.util.regex.Pattern.compile("([A-Za-z0-9_.+-]+\\.so[0-9.]*): cannot open shared object file");

    /** The cause of a failure on one short line: the missing library when a native one did not load. */
    static String reason(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            java.util.regex.Matcher m = MISSING_LIBRARY.matcher(String.valueOf(c.getMessage()));
            if (m.find()) return m.group(1) + " not found" + (m.group(1).startsWith("libcuda.") ? " (no NVIDIA driver)" : "");
        }
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) c = c.getCause();
        String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getClass().getSimpleName() + ": " + c.getMessage();
        m = m.replaceAll("\\s+", " ").trim();
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }
}

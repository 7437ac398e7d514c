package org.darts4j.gpu;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.darts4j.tensor.DType;

/** The shared kernel source and its CUDA builds (PTX, made by gpu/build-ptx.sh), read from the jar. */
final class KernelSource {
    private KernelSource() {}

    /** The PTX ISA the committed PTX declares: the oldest that can target sm_75 (gpu/build-ptx.sh lowers nvcc's header to it). */
    static final String PTX_ISA = "6.3";

    static String openCl() { return text("kernels.cl"); }

    /** The PTX for {@code dtype}, NUL-terminated as {@code cuModuleLoadData} wants it. */
    static byte[] ptx(DType dtype) {
        byte[] b = text(dtype == DType.FLOAT32 ? "kernels-float.ptx" : "kernels-double.ptx").getBytes(StandardCharsets.US_ASCII);
        byte[] z = new byte[b.length + 1];
        System.arraycopy(b, 0, z, 0, b.length);
        return z;
    }

    /** The compiler definitions for a program of element type {@code dtype}. */
    static String defines(DType dtype, boolean fp64) {
        String real = dtype == DType.FLOAT32 ? "float" : "double", other = dtype == DType.FLOAT32 ? "double" : "float";
        return fp64 ? "-DREAL=" + real + " -DOTHER=" + other + " -DACCUM=double" : "-DREAL=float -DACCUM=float -DNO_FP64";
    }

    static String text(String name) {
        try (InputStream in = KernelSource.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("kernel resource " + name + " is missing from the darts4j-gpu jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

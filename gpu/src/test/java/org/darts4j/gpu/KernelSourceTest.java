package org.darts4j.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.darts4j.tensor.DType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The PTX files in the jar are built from the kernels.cl beside them (gpu/build-ptx.sh), declare an old ISA, and ptxas accepts them. */
class KernelSourceTest {
    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test void ptxIsStampedWithTheSourceItWasBuiltFrom() throws Exception {
        String want = sha256(KernelSource.openCl());
        for (DType t : DType.values()) {
            String ptx = new String(KernelSource.ptx(t), StandardCharsets.US_ASCII);
            String first = ptx.lines().findFirst().orElse("");
            assertEquals("// darts4j kernels.cl sha256 " + want, first,
                    "kernels-" + t + ".ptx was not built from this kernels.cl: run gpu/build-ptx.sh");
            for (String k : List.of("unary", "binary_strided", "reduce_groups", "gemm_groups", "conv2d_weight_grad_groups", "bn_backward_groups"))
                assertTrue(ptx.contains(".entry " + k + "("), "kernels-" + t + ".ptx lacks " + k);
        }
    }

    /**
     * The PTX names the oldest ISA that can target sm_75 (6.3: CUDA 10.0, drivers R410 and later), not nvcc's own
     * (9.0 from CUDA 13, which drivers before the CUDA 13 series refuse).
     */
    @Test void ptxDeclaresTheOldestIsaForSm75() {
        for (DType t : DType.values()) {
            List<String> head = new String(KernelSource.ptx(t), StandardCharsets.US_ASCII).lines().filter(l -> l.startsWith(".")).limit(2).toList();
            assertEquals(List.of(".version " + KernelSource.PTX_ISA, ".target sm_75"), head, "kernels-" + t + ".ptx: run gpu/build-ptx.sh");
        }
    }

    /**
     * Where CUDA's assembler is installed, the PTX assembles under its lowered header for the oldest target (sm_75:
     * ptxas refuses an instruction the declared ISA lacks) and for the H100/H200 generation (sm_90).
     */
    @Test void ptxAssemblesForSm75AndSm90() throws Exception {
        Path ptxas = Path.of(System.getenv().getOrDefault("CUDA_HOME", "/usr/local/cuda"), "bin", "ptxas");
        Assumptions.assumeTrue(Files.isExecutable(ptxas), "no ptxas at " + ptxas);
        for (DType t : DType.values()) for (String arch : List.of("sm_75", "sm_90")) {
            Path in = Files.createTempFile("darts4j-", ".ptx"), cubin = Files.createTempFile("darts4j-", ".cubin");
            try {
                byte[] z = KernelSource.ptx(t);
                Files.write(in, java.util.Arrays.copyOf(z, z.length - 1));
                Process p = new ProcessBuilder(ptxas.toString(), "-arch=" + arch, "-o", cubin.toString(), in.toString()).redirectErrorStream(true).start();
                String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(p.waitFor(120, TimeUnit.SECONDS), "ptxas did not finish");
                assertEquals(0, p.exitValue(), "ptxas rejected kernels-" + t + ".ptx for " + arch + ": " + log);
                assertTrue(Files.size(cubin) > 0);
            } finally {
                Files.deleteIfExists(in);
                Files.deleteIfExists(cubin);
            }
        }
    }
}

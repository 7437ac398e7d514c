package org.darts4j.darts.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.darts4j.tensor.DeviceProvider;
import org.darts4j.tensor.Devices;
import picocli.CommandLine.Command;

/** {@code darts4j devices}: every device darts4j can compute on, and why a backend is not available. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = {"Lists the devices darts4j can see: the CPU; CUDA devices (driver, compute capability, memory, the GEMM in use:",
                "cuBLAS and its version, or why not); OpenCL platforms and devices (float64 or not); and why a backend is unavailable."})
final class DevicesCommand implements Callable<Integer> {
    @Override public Integer call() {
        System.out.println(cpuLine());
        List<DeviceProvider> providers = Devices.providers();
        if (providers.isEmpty()) System.out.println("no GPU backends in this build (the darts4j-gpu module is not on the class path): cpu only");
        for (DeviceProvider p : providers) p.inventory().forEach(System.out::println);
        return 0;
    }

    /** The CPU: cores this process may use and the vector width the kernels compute with. */
    static String cpuLine() {
        var species = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED;
        return "cpu: " + Runtime.getRuntime().availableProcessors() + " cores available, " + species.vectorBitSize() + "-bit vectors ("
                + species.length() + " float32 lanes), float32 and float64; --device cpu (the default)";
    }
}

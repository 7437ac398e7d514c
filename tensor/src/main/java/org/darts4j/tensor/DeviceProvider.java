package org.darts4j.tensor;

import java.util.List;

/**
 * A device backend that plugs into the engine: the {@code gpu} module registers CUDA and OpenCL through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/org.darts4j.tensor.DeviceProvider}), so that nothing above
 * {@code tensor} names a device class, and a build without the module still runs on the CPU. See {@link Devices}.
 */
public interface DeviceProvider {
    /** The name {@code --device} selects it by: {@code cuda}, {@code opencl}. */
    String name();

    /** The backend, made on first use; throws {@link IllegalStateException} with a one-line reason when there is none. */
    Backend open();

    /**
     * The backend of device {@code index} ({@code --device NAME:N}); a provider of one device has only index 0, and
     * says so for any other.
     */
    default Backend open(int index) {
        if (index == 0) return open();
        throw new IllegalArgumentException("--device " + name() + ":" + index + ": the " + name() + " backend has one device, " + name() + ":0");
    }

    /**
     * What this provider can see, one line each, for {@code darts4j devices}: its devices with what a user needs to
     * know (driver, compute capability, memory, float64, libraries), or why there is none. Never throws.
     */
    List<String> inventory();
}

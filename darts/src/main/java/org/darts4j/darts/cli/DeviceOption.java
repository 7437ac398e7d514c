package org.darts4j.darts.cli;

import org.darts4j.tensor.Devices;
import org.darts4j.tensor.Backend;

/** Resolves {@code --device} through {@link Devices}; notices (auto's fallback to the CPU) go to stderr. */
final class DeviceOption {
    private DeviceOption() {}

    static final String DESCRIPTION = "auto (CUDA when a device is there, else the cpu), cpu (default), cuda (device 0), cuda:N or opencl.";

    static Backend resolve(String name) {
        return Devices.resolve(name, System.err::println);
    }
}

package org.darts4j.gpu;

import static org.jocl.CL.CL_DEVICE_EXTENSIONS;
import static org.jocl.CL.CL_DEVICE_GLOBAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_TYPE;
import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_DEVICE_TYPE_GPU;
import static org.jocl.CL.CL_PLATFORM_NAME;
import static org.jocl.CL.CL_PLATFORM_VERSION;
import static org.jocl.CL.clGetDeviceIDs;
import static org.jocl.CL.clGetDeviceInfo;
import static org.jocl.CL.clGetPlatformIDs;
import static org.jocl.CL.clGetPlatformInfo;

import java.util.ArrayList;
import java.util.List;
import org.darts4j.tensor.Backend;
import org.darts4j.tensor.DeviceProvider;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/** {@code --device opencl}: the first GPU of any OpenCL platform, else the first device (PoCL's CPU device on Debian). */
public final class OpenClProvider implements DeviceProvider {
    @Override public String name() { return "opencl"; }

    @Override public Backend open() { return OpenClBackend.get(); }

    @Override public List<String> inventory() {
        List<String> out = new ArrayList<>();
        try {
            CL.setExceptionsEnabled(true);
            int[] n = new int[1];
            clGetPlatformIDs(0, null, n);
            out.add("opencl: " + n[0] + " platform(s); drivers registered: " + org.darts4j.tensor.Devices.openClDrivers());
            cl_platform_id[] platforms = new cl_platform_id[n[0]];
            if (n[0] > 0) clGetPlatformIDs(n[0], platforms, null);
            for (cl_platform_id p : platforms) {
                String name = platformInfo(p, CL_PLATFORM_NAME);
                out.add("  platform " + name + " (" + platformInfo(p, CL_PLATFORM_VERSION) + ")"
                        + (name.toUpperCase(java.util.Locale.ROOT).contains("NVIDIA") ? ": a second route to the NVIDIA GPU, --device opencl" : ""));
                int[] count = new int[1];
                try {
                    clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 0, null, count);
                } catch (org.jocl.CLException e) {
                    out.add("    no devices");
                    continue;
                }
                cl_device_id[] ds = new cl_device_id[count[0]];
                clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, count[0], ds, null);
                for (cl_device_id d : ds) {
                    long[] type = new long[1], mem = new long[1];
                    clGetDeviceInfo(d, CL_DEVICE_TYPE, Long.BYTES, Pointer.to(type), null);
                    clGetDeviceInfo(d, CL_DEVICE_GLOBAL_MEM_SIZE, Long.BYTES, Pointer.to(mem), null);
                    out.add("    " + OpenClBackend.info(d, CL_DEVICE_NAME) + ", " + ((type[0] & CL_DEVICE_TYPE_GPU) != 0 ? "GPU" : "not a GPU") + ", "
                            + (mem[0] >> 20) + " MiB, " + (OpenClBackend.info(d, CL_DEVICE_EXTENSIONS).contains("cl_khr_fp64") ? "float64" : "no float64"));
                }
            }
            try {
                out.add("  --device opencl uses: " + OpenClBackend.get().describe());
            } catch (IllegalStateException e) {
                out.add("  the backend does not start: " + e.getMessage());
            }
        } catch (Throwable t) {
            out.add("opencl: not available: " + Probes.reason(t));
        }
        return out;
    }

    private static String platformInfo(cl_platform_id p, int param) {
        long[] size = new long[1];
        clGetPlatformInfo(p, param, 0, null, size);
        byte[] b = new byte[(int) size[0]];
        clGetPlatformInfo(p, param, b.length, Pointer.to(b), null);
        return new String(b, 0, Math.max(0, b.length - 1)).trim();
    }
}

package org.darts4j.gpu;

import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuInit;

import java.util.ArrayList;
import java.util.List;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.JCudaDriver;
import org.darts4j.tensor.Backend;
import org.darts4j.tensor.DeviceProvider;

/** {@code --device cuda} (device 0) or {@code cuda:N}: a CUDA device, through JCuda (libcuda.so.1 from the NVIDIA driver). */
public final class CudaProvider implements DeviceProvider {
    @Override public String name() { return "cuda"; }

    @Override public Backend open() { return CudaBackend.get(); }

    @Override public Backend open(int index) { return CudaBackend.get(index); }

    @Override public List<String> inventory() {
        List<String> out = new ArrayList<>();
        try {
            JCudaDriver.setExceptionsEnabled(true);
            cuInit(0);
            int[] v = new int[1], count = new int[1];
            cuDriverGetVersion(v);
            cuDeviceGetCount(count);
            out.add("cuda: driver API " + v[0] / 1000 + "." + v[0] % 1000 / 10 + ", " + count[0] + " device(s); kernels as PTX ISA "
                    + KernelSource.PTX_ISA + " for sm_75 and newer");
            for (int d = 0; d < count[0]; d++) {
                CUdevice dev = new CUdevice();
                cuDeviceGet(dev, d);
                byte[] n = new byte[256];
                cuDeviceGetName(n, n.length, dev);
                int len = 0;
                while (len < n.length && n[len] != 0) len++;
                int[] major = new int[1], minor = new int[1];
                cuDeviceGetAttribute(major, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev);
                cuDeviceGetAttribute(minor, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev);
                long[] mem = new long[1];
                cuDeviceTotalMem(mem, dev);
                out.add("  cuda:" + d + " " + new String(n, 0, len) + ", compute capability " + major[0] + "." + minor[0] + ", " + (mem[0] >> 20)
                        + " MiB, float32 and float64" + (d == 0 ? " (the one --device cuda uses)" : ""));
            }
            if (count[0] > 0) {
                try {
                    out.add("  GEMM: " + CudaBackend.get().gemm());
                } catch (IllegalStateException e) {
                    out.add("  the backend does not start: " + e.getMessage());
                }
            }
        } catch (Throwable t) {
            out.add("cuda: not available: " + Probes.reason(t));
        }
        return out;
    }
}

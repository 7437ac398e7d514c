package org.darts4j.gpu;

import static org.jocl.CL.*;

import java.util.HashMap;
import java.util.Map;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Device;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_platform_id;
import org.jocl.cl_program;

/**
 * OpenCL through JOCL: the first GPU of any platform, else the first device (PoCL's CPU device in CI). The kernels
 * are built from kernels.cl at start, once per element type; one in-order queue.
 */
public final class OpenClBackend extends GpuBackend {
    private final cl_context context;
    private final cl_command_queue queue;
    private final String name;
    private final long memory;
    private final boolean fp64;
    private final Map<DType, cl_program> programs = new HashMap<>();
    private final Map<String, cl_kernel> kernels = new HashMap<>();
    private final MemoryPool pool;
    private final Device device;

    private OpenClBackend(cl_device_id dev, int index) {
        CL.setExceptionsEnabled(true);
        this.device = new Device("opencl", index);
        this.context = clCreateContext(null, 1, new cl_device_id[] {dev}, null, null, null);
        this.queue = clCreateCommandQueue(context, dev, 0, null);
        this.name = info(dev, CL_DEVICE_NAME);
        long[] mem = new long[1];
        clGetDeviceInfo(dev, CL_DEVICE_GLOBAL_MEM_SIZE, Sizeof.cl_long, Pointer.to(mem), null);
        this.memory = mem[0];
        this.fp64 = info(dev, CL_DEVICE_EXTENSIONS).contains("cl_khr_fp64");
        long[] type = new long[1];
        clGetDeviceInfo(dev, CL_DEVICE_TYPE, Sizeof.cl_long, Pointer.to(type), null);
        // a CPU device's memory is the Java heap's: keep its pool small
        boolean cpuDevice = (type[0] & CL_DEVICE_TYPE_CPU) != 0;
        String src = KernelSource.openCl();
        for (DType t : fp64 ? DType.values() : new DType[] {DType.FLOAT32}) {
            cl_program p = clCreateProgramWithSource(context, 1, new String[] {src}, null, null);
            try {
                clBuildProgram(p, 1, new cl_device_id[] {dev}, KernelSource.defines(t, fp64), null, null);
            } catch (RuntimeException e) {
                throw new IllegalStateException("OpenCL could not build kernels.cl for " + t + ": " + buildLog(p, dev), e);
            }
            programs.put(t, p);
        }
        this.pool = new MemoryPool(new MemoryPool.Driver() {
            @Override public Object allocate(long bytes) {
                try {
                    return clCreateBuffer(context, CL_MEM_READ_WRITE, bytes, null, null);
                } catch (org.jocl.CLException e) {
                    if (e.getStatus() == CL_MEM_OBJECT_ALLOCATION_FAILURE || e.getStatus() == CL_OUT_OF_RESOURCES) return null;
                    throw e;
                }
            }

            @Override public void free(Object handle) { clReleaseMemObject((cl_mem) handle); }
        }, cpuDevice ? 1L << 30 : memory / 4);
    }

    private static OpenClBackend instance;
    private static String unavailable;

    /** The OpenCL backend, made on first use; throws {@link IllegalStateException} with the reason when there is none. */
    public static synchronized OpenClBackend get() {
        if (instance != null) return instance;
        if (unavailable != null) throw new IllegalStateException(unavailable);
        try {
            CL.setExceptionsEnabled(true);
            int[] n = new int[1];
            clGetPlatformIDs(0, null, n);
            if (n[0] == 0) throw new IllegalStateException("no OpenCL platform (drivers registered: " + org.darts4j.tensor.Devices.openClDrivers()
                    + "; on Debian apt-get install pocl-opencl-icd ocl-icd-opencl-dev)");
            cl_platform_id[] platforms = new cl_platform_id[n[0]];
            clGetPlatformIDs(n[0], platforms, null);
            cl_device_id chosen = null;
            for (long type : new long[] {CL_DEVICE_TYPE_GPU, CL_DEVICE_TYPE_ALL}) {
                for (cl_platform_id p : platforms) {
                    int[] count = new int[1];
                    try { clGetDeviceIDs(p, type, 0, null, count); } catch (org.jocl.CLException e) { continue; }
                    if (count[0] == 0) continue;
                    cl_device_id[] ds = new cl_device_id[count[0]];
                    clGetDeviceIDs(p, type, count[0], ds, null);
                    chosen = ds[0];
                    break;
                }
                if (chosen != null) break;
            }
            if (chosen == null) throw new IllegalStateException("no OpenCL device on " + platforms.length + " platform(s)");
            instance = new OpenClBackend(chosen, 0);
            return instance;
        } catch (Throwable t) {
            unavailable = "OpenCL is not available: " + Probes.reason(t);
            throw new IllegalStateException(unavailable, t);
        }
    }

    static String info(cl_device_id dev, int param) {
        long[] size = new long[1];
        clGetDeviceInfo(dev, param, 0, null, size);
        byte[] b = new byte[(int) size[0]];
        clGetDeviceInfo(dev, param, b.length, Pointer.to(b), null);
        return new String(b, 0, Math.max(0, b.length - 1)).trim();
    }

    private static String buildLog(cl_program p, cl_device_id dev) {
        long[] size = new long[1];
        clGetProgramBuildInfo(p, dev, CL_PROGRAM_BUILD_LOG, 0, null, size);
        byte[] b = new byte[(int) size[0]];
        clGetProgramBuildInfo(p, dev, CL_PROGRAM_BUILD_LOG, b.length, Pointer.to(b), null);
        return new String(b).trim();
    }

    @Override public Device device() { return device; }

    @Override public boolean hasFloat64() { return fp64; }

    @Override public String describe() {
        return "OpenCL " + name + ", " + (memory >> 20) + " MiB" + (fp64 ? "" : ", no float64");
    }

    @Override MemoryPool pool() { return pool; }

    @Override protected synchronized GpuStorage empty(DType dtype, int length) {
        return new GpuStorage(this, dtype, length, pool.acquire((long) Math.max(1, length) * dtype.bytes()), pool);
    }

    @Override protected synchronized void fillZero(GpuStorage s) {
        long bytes = (long) Math.max(1, s.length()) * s.dtype().bytes();
        clEnqueueFillBuffer(queue, mem(s), Pointer.to(new byte[] {0}), 1, 0, bytes, 0, null, null);
    }

    private static cl_mem mem(GpuStorage s) { return (cl_mem) s.handle(); }

    @Override protected synchronized void write(GpuStorage s, float[] data) {
        clEnqueueWriteBuffer(queue, mem(s), CL_TRUE, 0, (long) data.length * Sizeof.cl_float, Pointer.to(data), 0, null, null);
    }

    @Override protected synchronized void write(GpuStorage s, double[] data) {
        clEnqueueWriteBuffer(queue, mem(s), CL_TRUE, 0, (long) data.length * Sizeof.cl_double, Pointer.to(data), 0, null, null);
    }

    @Override protected synchronized void read(GpuStorage s, int offset, float[] out) {
        clEnqueueReadBuffer(queue, mem(s), CL_TRUE, (long) offset * Sizeof.cl_float, (long) out.length * Sizeof.cl_float, Pointer.to(out), 0, null, null);
    }

    @Override protected synchronized void read(GpuStorage s, int offset, double[] out) {
        clEnqueueReadBuffer(queue, mem(s), CL_TRUE, (long) offset * Sizeof.cl_double, (long) out.length * Sizeof.cl_double, Pointer.to(out), 0, null, null);
    }

    @Override protected synchronized void enqueue(DType dtype, String kernel, int groups, int groupSize, Object... args) {
        cl_kernel k = kernels.computeIfAbsent(dtype + "/" + kernel, key -> clCreateKernel(programs.get(dtype), kernel, null));
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof GpuStorage g) clSetKernelArg(k, i, Sizeof.cl_mem, Pointer.to(mem(g)));
            else if (a instanceof Integer v) clSetKernelArg(k, i, Sizeof.cl_int, Pointer.to(new int[] {v}));
            else if (a instanceof Double v && dtype == DType.FLOAT32) clSetKernelArg(k, i, Sizeof.cl_float, Pointer.to(new float[] {v.floatValue()}));
            else if (a instanceof Double v) clSetKernelArg(k, i, Sizeof.cl_double, Pointer.to(new double[] {v}));
            else throw new IllegalArgumentException(kernel + ": argument " + i + " of type " + a.getClass().getSimpleName());
        }
        clEnqueueNDRangeKernel(queue, k, 1, null, new long[] {(long) groups * groupSize}, new long[] {groupSize}, 0, null, null);
    }

    @Override public synchronized void synchronize() { clFinish(queue); }
}

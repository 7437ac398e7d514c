package org.darts4j.gpu;

import static jcuda.driver.JCudaDriver.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Device;
import org.darts4j.tensor.Tensor;

/**
 * CUDA through JCuda's driver API: device 0's primary context, one stream, the kernels of kernels.cl as PTX (built by
 * gpu/build-ptx.sh, compiled by the driver for the card at start). GEMM through cuBLAS when {@code libcublas.so.12}
 * loads (JCublas 12), our tiled kernel otherwise.
 */
public final class CudaBackend extends GpuBackend {
    private final CUcontext context = new CUcontext();
    private final CUstream stream = new CUstream();
    private final Map<DType, CUmodule> modules = new EnumMap<>(DType.class);
    private final Map<String, CUfunction> functions = new HashMap<>();
    private final String name;
    private final long memory;
    private final MemoryPool pool;
    private final Device device;
    private final Cublas cublas;

    private CudaBackend(int ordinal) {
        JCudaDriver.setExceptionsEnabled(true);
        cuInit(0);
        int[] count = new int[1];
        cuDeviceGetCount(count);
        if (count[0] == 0) throw new IllegalStateException("no CUDA device");
        if (ordinal >= count[0])
            throw new IllegalStateException("no CUDA device cuda:" + ordinal + " (this machine has " + count[0] + ": cuda:0 to cuda:" + (count[0] - 1) + ")");
        this.device = new Device("cuda", ordinal);
        CUdevice dev = new CUdevice();
        cuDeviceGet(dev, ordinal);
        cuDevicePrimaryCtxRetain(context, dev);
        cuCtxSetCurrent(context);
        byte[] n = new byte[256];
        cuDeviceGetName(n, n.length, dev);
        int len = 0;
        while (len < n.length && n[len] != 0) len++;
        this.name = new String(n, 0, len);
        long[] mem = new long[1];
        cuDeviceTotalMem(mem, dev);
        this.memory = mem[0];
        cuStreamCreate(stream, 0);
        for (DType t : DType.values()) {
            CUmodule m = new CUmodule();
            cuModuleLoadData(m, KernelSource.ptx(t));
            modules.put(t, m);
        }
        this.pool = new MemoryPool(new MemoryPool.Driver() {
            @Override public Object allocate(long bytes) {
                CUdeviceptr p = new CUdeviceptr();
                try {
                    cuMemAlloc(p, bytes);
                } catch (CudaException e) {
                    if (String.valueOf(e.getMessage()).contains("OUT_OF_MEMORY")) return null;
                    throw e;
                }
                return p;
            }

            @Override public void free(Object handle) { cuMemFree((CUdeviceptr) handle); }
        }, memory / 4);
        this.cublas = "0".equals(System.getenv("DARTS4J_CUBLAS")) ? null : Cublas.open(stream);
    }

    private static final Map<Integer, CudaBackend> INSTANCES = new HashMap<>();
    private static final Map<Integer, String> UNAVAILABLE = new HashMap<>();

    /** The backend of device 0 ({@code --device cuda}). */
    public static CudaBackend get() { return get(0); }

    /**
     * The backend of CUDA device {@code ordinal} ({@code --device cuda:N}; a Spark task on the GPU Spark assigned it),
     * made on first use, one per device; throws {@link IllegalStateException} with the reason when there is none.
     */
    public static synchronized CudaBackend get(int ordinal) {
        CudaBackend b = INSTANCES.get(ordinal);
        if (b != null) return b;
        if (UNAVAILABLE.containsKey(ordinal)) throw new IllegalStateException(UNAVAILABLE.get(ordinal));
        try {
            b = new CudaBackend(ordinal);
            INSTANCES.put(ordinal, b);
            return b;
        } catch (Throwable t) {
            String why = "CUDA is not available: " + Probes.reason(t);
            UNAVAILABLE.put(ordinal, why);
            throw new IllegalStateException(why, t);
        }
    }

    @Override public Device device() { return device; }

    /** The GEMM this backend uses, for {@code darts4j devices}: cuBLAS and its version, or why not. */
    String gemm() {
        if (cublas != null) {
            int v = cublas.version();
            return "cuBLAS " + v / 10000 + "." + v / 100 % 100 + "." + v % 100 + " loaded (libcublas.so.12)";
        }
        return "darts4j's own GEMM kernel" + (Cublas.reason() != null ? " (" + Cublas.reason() + ")" : " (DARTS4J_CUBLAS=0)");
    }

    @Override public boolean hasFloat64() { return true; }

    @Override public String describe() {
        return "CUDA " + name + ", " + (memory >> 20) + " MiB, GEMM by " + (cublas != null ? "cuBLAS" : "darts4j's tiled kernel"
                + (Cublas.reason() != null ? " (" + Cublas.reason() + ")" : ""));
    }

    @Override MemoryPool pool() { return pool; }

    private static CUdeviceptr ptr(GpuStorage s) { return (CUdeviceptr) s.handle(); }

    @Override protected synchronized GpuStorage empty(DType dtype, int length) {
        cuCtxSetCurrent(context);
        return new GpuStorage(this, dtype, length, pool.acquire((long) Math.max(1, length) * dtype.bytes()), pool);
    }

    @Override protected synchronized void fillZero(GpuStorage s) {
        cuCtxSetCurrent(context);
        cuMemsetD8Async(ptr(s), (byte) 0, (long) Math.max(1, s.length()) * s.dtype().bytes(), stream);
    }

    // Uploads are queued on our stream from an off-heap copy (pageable host memory is staged by the driver before the
    // call returns), so they do not wait for the kernels before them; reads (cuMemcpyDtoH, on the legacy default
    // stream, which waits for our blocking stream) are the only points where the host waits for the device.

    @Override protected synchronized void write(GpuStorage s, float[] data) {
        cuCtxSetCurrent(context);
        ByteBuffer b = ByteBuffer.allocateDirect(data.length * Sizeof.FLOAT).order(ByteOrder.nativeOrder());
        b.asFloatBuffer().put(data);
        cuMemcpyHtoDAsync(ptr(s), Pointer.to(b), b.capacity(), stream);
    }

    @Override protected synchronized void write(GpuStorage s, double[] data) {
        cuCtxSetCurrent(context);
        ByteBuffer b = ByteBuffer.allocateDirect(data.length * Sizeof.DOUBLE).order(ByteOrder.nativeOrder());
        b.asDoubleBuffer().put(data);
        cuMemcpyHtoDAsync(ptr(s), Pointer.to(b), b.capacity(), stream);
    }

    @Override protected synchronized void read(GpuStorage s, int offset, float[] out) {
        cuCtxSetCurrent(context);
        cuMemcpyDtoH(Pointer.to(out), ptr(s).withByteOffset((long) offset * Sizeof.FLOAT), (long) out.length * Sizeof.FLOAT);
    }

    @Override protected synchronized void read(GpuStorage s, int offset, double[] out) {
        cuCtxSetCurrent(context);
        cuMemcpyDtoH(Pointer.to(out), ptr(s).withByteOffset((long) offset * Sizeof.DOUBLE), (long) out.length * Sizeof.DOUBLE);
    }

    @Override protected synchronized void enqueue(DType dtype, String kernel, int groups, int groupSize, Object... args) {
        cuCtxSetCurrent(context);
        CUfunction f = functions.computeIfAbsent(dtype + "/" + kernel, key -> {
            CUfunction fn = new CUfunction();
            cuModuleGetFunction(fn, modules.get(dtype), kernel);
            return fn;
        });
        Pointer[] params = new Pointer[args.length];
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof GpuStorage g) params[i] = Pointer.to(ptr(g));
            else if (a instanceof Integer v) params[i] = Pointer.to(new int[] {v});
            else if (a instanceof Double v && dtype == DType.FLOAT32) params[i] = Pointer.to(new float[] {v.floatValue()});
            else if (a instanceof Double v) params[i] = Pointer.to(new double[] {v});
            else throw new IllegalArgumentException(kernel + ": argument " + i + " of type " + a.getClass().getSimpleName());
        }
        cuLaunchKernel(f, groups, 1, 1, groupSize, 1, 1, 0, stream, Pointer.to(params), null);
    }

    @Override public synchronized void synchronize() {
        cuCtxSetCurrent(context);
        cuStreamSynchronize(stream);
    }

    @Override protected synchronized boolean gemm(Tensor a, Tensor b, Tensor out) {
        if (cublas == null) return false;
        cuCtxSetCurrent(context);
        GpuStorage sa = GpuStorage.of(a.storage(), this), sb = GpuStorage.of(b.storage(), this), so = GpuStorage.of(out.storage(), this);
        return cublas.gemm(a, ptr(sa), b, ptr(sb), ptr(so));
    }
}

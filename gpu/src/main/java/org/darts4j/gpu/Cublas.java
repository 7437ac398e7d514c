package org.darts4j.gpu;

import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUstream;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasOperation;
import jcuda.runtime.cudaStream_t;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Tensor;

/**
 * cuBLAS GEMM through JCublas2, which needs {@code libcublas.so.12}. Row-major C = A·B is computed as the column-major
 * Cᵀ = Bᵀ·Aᵀ; an operand whose rows or columns are unit-stride is passed as it is (transposed when its columns are).
 */
final class Cublas {
    private static volatile String reason;

    private final cublasHandle handle;

    private Cublas(cublasHandle handle) { this.handle = handle; }

    /** cuBLAS on {@code stream}, or null (and {@link #reason}) when the library does not load. */
    static Cublas open(CUstream stream) {
        try {
            JCublas2.setExceptionsEnabled(true);
            cublasHandle h = new cublasHandle();
            JCublas2.cublasCreate(h);
            JCublas2.cublasSetStream(h, new cudaStream_t(stream));
            return new Cublas(h);
        } catch (Throwable t) {
            reason = "cuBLAS unavailable: " + Probes.reason(t);
            return null;
        }
    }

    static String reason() { return reason; }

    /** cuBLAS' version (e.g. 120603 for 12.6.3). */
    int version() {
        int[] v = new int[1];
        JCublas2.cublasGetVersion(handle, v);
        return v[0];
    }

    /** One operand as cuBLAS sees it: transposition and leading dimension, or null when its strides do not fit. */
    private record Operand(int op, int ld) {
        static Operand of(Tensor t) {
            int s0 = t.stride(0), s1 = t.stride(1);
            if (s1 == 1 && s0 >= Math.max(1, t.size(1))) return new Operand(cublasOperation.CUBLAS_OP_N, Math.max(1, s0));
            if (s0 == 1 && s1 >= Math.max(1, t.size(0))) return new Operand(cublasOperation.CUBLAS_OP_T, Math.max(1, s1));
            return null;
        }
    }

    boolean gemm(Tensor a, CUdeviceptr pa, Tensor b, CUdeviceptr pb, CUdeviceptr pc) {
        int m = a.size(0), k = a.size(1), n = b.size(1);
        Operand oa = Operand.of(a), ob = Operand.of(b);
        if (oa == null || ob == null) return false;
        if (a.dtype() == DType.FLOAT32) {
            Pointer one = Pointer.to(new float[] {1}), zero = Pointer.to(new float[] {0});
            JCublas2.cublasSgemm(handle, ob.op(), oa.op(), n, m, k, one, pb.withByteOffset((long) b.offset() * Sizeof.FLOAT), ob.ld(),
                    pa.withByteOffset((long) a.offset() * Sizeof.FLOAT), oa.ld(), zero, pc, n);
        } else {
            Pointer one = Pointer.to(new double[] {1}), zero = Pointer.to(new double[] {0});
            JCublas2.cublasDgemm(handle, ob.op(), oa.op(), n, m, k, one, pb.withByteOffset((long) b.offset() * Sizeof.DOUBLE), ob.ld(),
                    pa.withByteOffset((long) a.offset() * Sizeof.DOUBLE), oa.ld(), zero, pc, n);
        }
        return true;
    }
}

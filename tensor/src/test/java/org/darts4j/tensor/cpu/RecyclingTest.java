package org.darts4j.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.darts4j.tensor.DType;
import org.darts4j.tensor.Recycling;
import org.darts4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Tensor memory handed back in a {@link Recycling} scope is reused, zero-filled, and only what the scope allocated. */
class RecyclingTest {
    private static final int N = ArrayPool.MIN_LENGTH * 2;   // large enough to be pooled

    private static float[] array(Tensor t) { return CpuStorage.of(t.storage()).floats(); }

    @Test void aRecycledArrayIsTheNextAllocationOfItsLengthZeroFilled() {
        try (Recycling scope = Recycling.open()) {
            Tensor a = Tensor.zeros(DType.FLOAT32, N).add(7.0);
            float[] mem = array(a);
            assertTrue(scope.recycle(a));
            Tensor b = Tensor.zeros(DType.FLOAT32, 2, N / 2);
            assertSame(mem, array(b), "the same length reuses the recycled array");
            for (float v : array(b)) assertEquals(0f, v);
            assertFalse(scope.recycle(a), "a storage is handed back once");
        }
    }

    @Test void aRecycledTensorCannotBeReadAnyMore() {
        try (Recycling scope = Recycling.open()) {
            Tensor a = Tensor.zeros(DType.FLOAT64, N).add(1.0);
            Tensor view = a.reshape(2, N / 2);
            assertTrue(scope.recycle(a));
            assertThrows(RuntimeException.class, view::sum, "a use after recycling fails instead of reading another tensor's values");
        }
    }

    @Test void onlyStorageTheOpenScopeAllocatedIsRecycled() {
        Tensor before = Tensor.zeros(DType.FLOAT32, N);
        Tensor inner;
        try (Recycling outer = Recycling.open()) {
            assertFalse(outer.recycle(before), "allocated before the scope");
            try (Recycling scope = Recycling.open()) {
                inner = Tensor.zeros(DType.FLOAT32, N);
                assertFalse(outer.recycle(inner), "allocated while an inner scope was the current one");
            }
            assertFalse(outer.recycle(inner));
        }
        Tensor late;
        Recycling closed;
        try (Recycling scope = Recycling.open()) {
            closed = scope;
            late = Tensor.zeros(DType.FLOAT32, N);
        }
        assertFalse(closed.recycle(late), "a closed scope recycles nothing");
        assertEquals(0.0, late.sum().item());
    }

    @Test void aDifferentLengthOrDtypeGetsFreshMemory() {
        try (Recycling scope = Recycling.open()) {
            Tensor a = Tensor.zeros(DType.FLOAT32, N);
            float[] mem = array(a);
            assertTrue(scope.recycle(a));
            assertNotSame(mem, array(Tensor.zeros(DType.FLOAT32, N + 1)));
            assertEquals(N, CpuStorage.of(Tensor.zeros(DType.FLOAT64, N).storage()).doubles().length);
            assertSame(mem, array(Tensor.zeros(DType.FLOAT32, N)));
        }
    }

    @Test void thePoolKeepsNoMoreThanItsCapacity() {
        ArrayPool pool = new ArrayPool(4L * N);
        pool.give(new float[N]);
        pool.give(new float[N]);
        assertEquals(4L * N, pool.bytes(), "the second array would exceed the capacity");
        pool.give(new float[ArrayPool.MIN_LENGTH - 1]);
        assertEquals(4L * N, pool.bytes(), "small arrays are left to the collector");
        pool.floats(N);
        assertEquals(0, pool.bytes());
        assertEquals(1, pool.reused());
    }

    @Test void aScopeIsClosedInnermostFirstOnItsThread() {
        Recycling outer = Recycling.open();
        Recycling inner = Recycling.open();
        assertThrows(IllegalStateException.class, outer::close);
        inner.close();
        outer.close();
        assertEquals(null, Recycling.current());
    }
}

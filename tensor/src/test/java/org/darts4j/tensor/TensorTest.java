package org.darts4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorTest {
    private static Tensor range(DType t, int... shape) {
        return Tensor.arange(t, Shape.of(shape).numel()).reshape(shape);
    }

    @Test void creationFillsValues() {
        assertArrayEquals(new double[] {0, 0, 0}, Tensor.zeros(DType.FLOAT32, 3).toDoubleArray());
        assertArrayEquals(new double[] {1, 1}, Tensor.ones(DType.FLOAT64, 2).toDoubleArray());
        assertArrayEquals(new double[] {2.5, 2.5}, Tensor.full(DType.FLOAT64, 2.5, 1, 2).toDoubleArray());
        assertArrayEquals(new double[] {1, 1.5, 2, 2.5}, Tensor.arange(DType.FLOAT64, 1, 3, 0.5).toDoubleArray());
        assertEquals(Shape.of(2, 3), Tensor.of(new float[6], 2, 3).shape());
        assertEquals(DType.FLOAT32, Tensor.of(new float[6], 2, 3).dtype());
        assertEquals(7.0, Tensor.scalar(DType.FLOAT64, 7).item());
    }

    @Test void wrongLengthIsRefusedWithShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new double[5], 2, 3));
        assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
    }

    @Test void seededRandomIsReproducibleAndResumable() {
        Generator a = new Generator(42), b = new Generator(42);
        assertArrayEquals(Tensor.normal(a, DType.FLOAT64, 0, 1, 10).toDoubleArray(), Tensor.normal(b, DType.FLOAT64, 0, 1, 10).toDoubleArray());
        a.nextGaussian();
        long[] state = a.state();
        double next = a.nextGaussian();
        Generator c = new Generator(0);
        c.setState(state);
        assertEquals(next, c.nextGaussian());
        Tensor u = Tensor.uniform(new Generator(1), DType.FLOAT64, -2, 3, 1000);
        for (double v : u.toDoubleArray()) assertTrue(v >= -2 && v < 3);
        double mean = Tensor.normal(new Generator(3), DType.FLOAT64, 1.5, 2, 20000).mean(new int[0], false).item();
        assertEquals(1.5, mean, 0.05);
    }

    @Test void viewsShareStorage() {
        Tensor x = range(DType.FLOAT64, 2, 3, 4);
        Tensor t = x.permute(2, 0, 1);
        assertEquals(Shape.of(4, 2, 3), t.shape());
        assertEquals(x.get(1, 2, 3), t.get(3, 1, 2));
        assertFalse(t.isContiguous());
        assertTrue(t.storage() == x.storage());
        Tensor s = x.slice(2, 1, 4, 2);
        assertEquals(Shape.of(2, 3, 2), s.shape());
        assertArrayEquals(new double[] {1, 3, 5, 7}, s.slice(0, 0, 1, 1).slice(1, 0, 2, 1).toDoubleArray());
        assertArrayEquals(new double[] {12, 13, 14, 15}, x.slice(0, -1, 2, 1).slice(1, 0, 1, 1).toDoubleArray());
        Tensor tr = x.transpose(0, 2).contiguous();
        assertTrue(tr.isContiguous());
        assertEquals(x.get(1, 0, 3), tr.get(3, 0, 1));
        assertEquals(Shape.of(6, 4), x.reshape(-1, 4).shape());
        assertEquals(Shape.of(1, 2, 3, 4), x.unsqueeze(0).shape());
        assertArrayEquals(new double[] {1, 2, 1, 2, 1, 2}, Tensor.of(new double[] {1, 2}, 2).expand(Shape.of(3, 2)).toDoubleArray());
    }

    @Test void reshapeOfStridedViewCopies() {
        Tensor x = range(DType.FLOAT32, 3, 4).transpose(0, 1);
        assertArrayEquals(new double[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, x.reshape(12).toDoubleArray());
        assertThrows(IllegalArgumentException.class, () -> x.reshape(5, -1));
    }

    @Test void broadcastingArithmetic() {
        for (DType t : DType.values()) {
            Tensor a = range(t, 2, 3);
            Tensor b = Tensor.of(new double[] {10, 20, 30}, 3).to(t);
            assertArrayEquals(new double[] {10, 21, 32, 13, 24, 35}, a.add(b).toDoubleArray());
            Tensor col = Tensor.of(new double[] {1, 2}, 2, 1).to(t);
            assertArrayEquals(new double[] {0, 1, 2, 6, 8, 10}, a.mul(col).toDoubleArray());
            assertArrayEquals(new double[] {-1, -2, -3, -4, -5, -6}, a.add(1).neg().toDoubleArray());
            assertArrayEquals(new double[] {0, 1, 4, 9, 16, 25}, a.pow(2).toDoubleArray());
            assertArrayEquals(new double[] {1, 0, -1, -2, -3, -4}, a.rsub(1).toDoubleArray());
            assertArrayEquals(new double[] {0, 0, 0, 1, 1, 1}, a.gt(2.5).toDoubleArray());
            // a strided left operand against a broadcast right one
            Tensor at = a.transpose(0, 1);
            assertArrayEquals(new double[] {1, 5, 2, 6, 3, 7}, at.add(Tensor.of(new double[] {1, 2}, 2).to(t)).toDoubleArray());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> range(DType.FLOAT64, 2, 3).add(range(DType.FLOAT64, 2, 4)));
        assertTrue(e.getMessage().contains("add") && e.getMessage().contains("[2, 3]") && e.getMessage().contains("[2, 4]"), e.getMessage());
    }

    @Test void unaryFunctions() {
        Tensor x = Tensor.of(new double[] {-2, -0.5, 0, 0.5, 4}, 5);
        assertArrayEquals(new double[] {0, 0, 0, 0.5, 4}, x.relu().toDoubleArray());
        assertArrayEquals(new double[] {0, 0, 0, 1, 1}, x.unary(UnaryOp.STEP).toDoubleArray());
        assertArrayEquals(new double[] {2, 0.5, 0, 0.5, 4}, x.abs().toDoubleArray());
        assertEquals(2.0, x.slice(0, 4, 5, 1).sqrt().item());
        assertEquals(0.5, x.slice(0, 4, 5, 1).rsqrt().item());
        assertEquals(Math.exp(0.5), x.slice(0, 3, 4, 1).exp().item(), 1e-15);
        assertEquals(Math.log(4), x.slice(0, 4, 5, 1).log().item(), 1e-15);
    }

    @Test void reductions() {
        for (DType t : DType.values()) {
            Tensor x = range(t, 2, 3, 4);
            assertEquals(276.0, x.sum().item());
            assertArrayEquals(new double[] {66, 210}, x.sum(new int[] {1, 2}, false).toDoubleArray());
            assertEquals(Shape.of(2, 1, 1), x.sum(new int[] {1, 2}, true).shape());
            assertArrayEquals(new double[] {12, 15, 18, 21, 48, 51, 54, 57}, x.sum(new int[] {1}, false).toDoubleArray());
            assertArrayEquals(new double[] {20, 21, 22, 23}, x.max(new int[] {0, 1}, false).toDoubleArray());
            assertArrayEquals(new double[] {3, 7, 11, 15, 19, 23}, x.max(new int[] {-1}, false).toDoubleArray());
            assertArrayEquals(new double[] {5.5, 17.5}, x.mean(new int[] {1, 2}, false).toDoubleArray());
            assertEquals(Shape.of(3, 1), x.sumTo(Shape.of(3, 1)).shape());
            assertArrayEquals(new double[] {60, 92, 124}, x.sumTo(Shape.of(3, 1)).toDoubleArray());
        }
    }

    @Test void assignWritesIntoStridedView() {
        Tensor z = Tensor.zeros(DType.FLOAT64, 3, 4);
        z.slice(1, 0, 4, 2).assign(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2));
        assertArrayEquals(new double[] {1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0}, z.toDoubleArray());
        z.slice(0, 1, 2, 1).assign(Tensor.scalar(DType.FLOAT64, 9));
        assertArrayEquals(new double[] {9, 9, 9, 9}, z.slice(0, 1, 2, 1).toDoubleArray());
        assertEquals(DType.FLOAT32, z.to(DType.FLOAT32).dtype());
    }

    @Test void matmulIncludingTransposedViews() {
        for (DType t : DType.values()) {
            Tensor a = range(t, 2, 3), b = range(t, 3, 2);
            assertArrayEquals(new double[] {10, 13, 28, 40}, a.matmul(b).toDoubleArray());
            assertArrayEquals(new double[] {10, 13, 28, 40}, b.transpose(0, 1).matmul(a.transpose(0, 1)).transpose(0, 1).toDoubleArray(),
                    "(bᵀ aᵀ)ᵀ through transposed views");
            assertArrayEquals(new double[] {5, 14, 14, 50}, a.matmul(a.transpose(0, 1)).toDoubleArray());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> range(DType.FLOAT64, 2, 3).matmul(range(DType.FLOAT64, 2, 3)));
        assertTrue(e.getMessage().contains("[2, 3]"));
    }

    @Test void convShapeErrorsNameBothShapes() {
        Tensor x = Tensor.zeros(DType.FLOAT64, 1, 3, 8, 8), w = Tensor.zeros(DType.FLOAT64, 4, 2, 3, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.conv2d(w, ConvParams.of(1, 1, 1, 1)));
        assertTrue(e.getMessage().contains("[1, 3, 8, 8]") && e.getMessage().contains("[4, 2, 3, 3]"), e.getMessage());
    }

    @Test void dtypeMismatchIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(DType.FLOAT32, 2).add(Tensor.zeros(DType.FLOAT64, 2)));
        assertThrows(IllegalArgumentException.class, () -> DType.parse("int8"));
    }
}

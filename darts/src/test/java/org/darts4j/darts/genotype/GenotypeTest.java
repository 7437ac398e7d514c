package org.darts4j.darts.genotype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.darts4j.darts.search.Primitive;
import org.darts4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

class GenotypeTest {
    @Test void publishedGenotypesRoundTripThroughText() {
        String v2 = "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), "
                + "('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), "
                + "('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), "
                + "('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])";
        assertEquals(v2, Genotype.DARTS_V2.toString());
        assertEquals(Genotype.DARTS_V2, Genotype.parse(v2));
        assertEquals(Genotype.DARTS_V1, Genotype.parse(Genotype.DARTS_V1.toString()));
        assertEquals(2, Genotype.DARTS_V2.normalSkips());
        assertEquals(List.of(2, 3, 4, 5), Genotype.DARTS_V1.reduceConcat());
    }

    @Test void derivationKeepsTheTwoStrongestEdgesIgnoringNone() {
        double[] p = new double[14 * 8];
        for (int e = 0; e < 14; e++) p[e * 8] = 0.9;                       // 'none' dominates everywhere and is ignored
        p[0 * 8 + Primitive.SEP_CONV_3X3.ordinal()] = 0.05;               // node 0: edges 0 and 1
        p[1 * 8 + Primitive.MAX_POOL_3X3.ordinal()] = 0.04;
        p[3 * 8 + Primitive.DIL_CONV_5X5.ordinal()] = 0.06;               // node 1: edges 2, 3, 4 -> 3 and 4
        p[4 * 8 + Primitive.SKIP_CONNECT.ordinal()] = 0.02;
        p[2 * 8 + Primitive.AVG_POOL_3X3.ordinal()] = 0.01;
        Tensor t = Tensor.of(p, 14, 8);
        Genotype g = Genotype.derive(t, t, 4, 4);
        assertEquals(new Genotype.Gene(Primitive.SEP_CONV_3X3, 0), g.normal().get(0));
        assertEquals(new Genotype.Gene(Primitive.MAX_POOL_3X3, 1), g.normal().get(1));
        assertEquals(new Genotype.Gene(Primitive.DIL_CONV_5X5, 1), g.normal().get(2));
        assertEquals(new Genotype.Gene(Primitive.SKIP_CONNECT, 2), g.normal().get(3));
        assertEquals(8, g.normal().size());
    }

    @Test void malformedTextNamesThePosition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Genotype.parse(
                "Genotype(normal=[('sep_conv_7x7', 0), ('skip_connect', 1)], normal_concat=[2], reduce=[('skip_connect', 0), ('skip_connect', 1)], reduce_concat=[2])"));
        assertTrue(e.getMessage().contains("position 19") && e.getMessage().contains("unknown primitive 'sep_conv_7x7'"), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> Genotype.parse(
                "Genotype(normal=[('skip_connect', 0), oops], normal_concat=[2], reduce=[], reduce_concat=[2])"));
        assertTrue(e2.getMessage().contains("position 38") && e2.getMessage().contains("expected ('operation', input)"), e2.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Genotype.parse("Genotype(normal=[('skip_connect', 5), ('skip_connect', 0)], normal_concat=[2], reduce=[], reduce_concat=[2])"));
        assertThrows(IllegalArgumentException.class, () -> Genotype.parse("[('skip_connect', 0)]"));
    }
}

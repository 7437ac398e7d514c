package org.darts4j.darts.figures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.darts4j.darts.genotype.Genotype;
import org.darts4j.darts.search.Primitive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CellDiagramTest {
    @TempDir Path dir;

    /** Any cell: two genes per node from any earlier state, both from one state sometimes (GDAS' rule allows it). */
    private static List<Genotype.Gene> randomCell(Random r, int nodes) {
        List<Genotype.Gene> genes = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            int a = r.nextInt(i + 2), b = r.nextInt(4) == 0 ? a : r.nextInt(i + 2);
            genes.add(new Genotype.Gene(Primitive.ALL.get(1 + r.nextInt(7)), a));
            genes.add(new Genotype.Gene(Primitive.ALL.get(1 + r.nextInt(7)), b));
        }
        return genes;
    }

    @Test void inTheJavaLayoutNoEdgeOrLabelCrossesANodeBox() {
        FontMetrics fm = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics().getFontMetrics(new Font(Font.SERIF, Font.PLAIN, 14));
        Random r = new Random(1);
        for (int trial = 0; trial < 200; trial++) {
            int nodes = 2 + r.nextInt(4);
            List<Integer> concat = new ArrayList<>();
            for (int i = 2; i < nodes + 2; i++) concat.add(i);
            CellDiagram.Layout l = new CellDiagram.Layout(randomCell(r, nodes), concat, nodes);
            List<Rectangle> boxes = new ArrayList<>();
            for (int i = 0; i < nodes + 3; i++) boxes.add(new Rectangle(l.x(i) - CellDiagram.Layout.BOX_W / 2, l.line - CellDiagram.Layout.BOX_H / 2,
                    CellDiagram.Layout.BOX_W, CellDiagram.Layout.BOX_H));
            List<Rectangle> labels = new ArrayList<>();
            for (CellDiagram.Layout.Arc a : l.arcs) {
                double x1 = l.x(a.from()), x2 = l.x(a.to()), cx = (x1 + x2) / 2, rx = (x2 - x1) / 2;
                for (int s = 1; s < 400; s++) {   // the half-ellipse, its two ends (on the boxes' edges) excluded
                    double t = Math.PI * s / 400, px = cx - rx * Math.cos(t), py = l.edgeY(a) + (a.above() ? -1 : 1) * a.height() * Math.sin(t);
                    for (Rectangle b : boxes)
                        assertFalse(b.contains(px, py), "trial " + trial + ": edge " + a + " passes through a box at (" + px + ", " + py + ")");
                    assertTrue(px >= 0 && px <= l.width && py >= 0 && py <= l.height, "edge " + a + " leaves the picture");
                }
                if (a.label() == null) continue;
                int[] at = l.labelAt(a);
                Rectangle lr = new Rectangle(at[0] - fm.stringWidth(a.label()) / 2, at[1] - fm.getAscent(), fm.stringWidth(a.label()), fm.getAscent() + fm.getDescent());
                for (Rectangle b : boxes) assertFalse(lr.intersects(b), "trial " + trial + ": label of " + a + " on a box");
                for (Rectangle o : labels) assertFalse(lr.intersects(o), "trial " + trial + ": label of " + a + " on another label");
                assertTrue(lr.y >= 0, "label of " + a + " above the picture");
                labels.add(lr);
            }
        }
    }

    @Test void graphvizDrawsWhenItIsInstalledAndOurLayoutOtherwise() throws Exception {
        CellDiagram.Renderer who = CellDiagram.write(dir, "normal", Genotype.DARTS_V2.normal(), Genotype.DARTS_V2.normalConcat());
        assertEquals(CellDiagram.dotInstalled() ? CellDiagram.Renderer.GRAPHVIZ : CellDiagram.Renderer.JAVA, who);
        byte[] png = Files.readAllBytes(dir.resolve("normal.png"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));
        String svg = Files.readString(dir.resolve("normal.svg"));
        assertTrue(svg.contains("<svg") && svg.contains("sep_conv_3x3"), svg.substring(0, Math.min(300, svg.length())));
        assertTrue(Files.readString(dir.resolve("normal.dot")).contains("\"c_{k-2}\" -> \"0\" [label=\"sep_conv_3x3\""));
    }
}

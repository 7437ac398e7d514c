package org.darts4j.darts.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Arc2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.darts4j.darts.genotype.Genotype;
import org.darts4j.tensor.io.AtomicFile;

/**
 * Drawings of a derived cell, as the reference's {@code visualize.py} draws them: inputs c_{k-2} and c_{k-1}, the
 * intermediate nodes 0..n-1, the output c_{k}, each kept edge labelled with its operation. Always written as Graphviz
 * DOT; rendered to SVG and PNG by Graphviz's {@code dot} when it is installed (as the reference does), and otherwise by
 * a layout of our own ({@link Layout}) in which no edge and no label crosses a node box.
 */
public final class CellDiagram {
    private CellDiagram() {}

    /** How the SVG and PNG were drawn. */
    public enum Renderer { GRAPHVIZ, JAVA }

    /** Writes NAME.dot, NAME.svg and NAME.png into {@code dir}; returns who drew the pictures. */
    public static Renderer write(Path dir, String name, List<Genotype.Gene> genes, List<Integer> concat) throws IOException {
        Files.createDirectories(dir);
        int nodes = genes.size() / 2;
        String dot = dot(genes, concat, nodes);
        AtomicFile.write(dir.resolve(name + ".dot"), tmp -> Files.writeString(tmp, dot, StandardCharsets.UTF_8));
        if (graphviz(dir, name)) return Renderer.GRAPHVIZ;
        Layout layout = new Layout(genes, concat, nodes);
        AtomicFile.write(dir.resolve(name + ".svg"), tmp -> Files.writeString(tmp, layout.svg(), StandardCharsets.UTF_8));
        BufferedImage img = layout.png();
        AtomicFile.write(dir.resolve(name + ".png"), tmp -> ImageIO.write(img, "png", tmp.toFile()));
        return Renderer.JAVA;
    }

    private static volatile Boolean dotInstalled;

    /** Whether Graphviz's {@code dot} runs here (asked once). */
    public static boolean dotInstalled() {
        if (dotInstalled == null) dotInstalled = run(List.of("dot", "-V"));
        return dotInstalled;
    }

    /** NAME.svg and NAME.png from NAME.dot by {@code dot}; false (nothing written) when it is not installed or fails. */
    private static boolean graphviz(Path dir, String name) throws IOException {
        if (!dotInstalled()) return false;
        try {
            for (String format : new String[] {"svg", "png"})
                AtomicFile.write(dir.resolve(name + "." + format), tmp -> {
                    if (!run(List.of("dot", "-T" + format, "-o", tmp.toString(), dir.resolve(name + ".dot").toString())) || Files.size(tmp) == 0)
                        throw new DotFailed();   // the half-written file is not moved into place
                });
        } catch (DotFailed e) {
            return false;
        }
        return true;
    }

    /** {@code dot} failed; an IOException of its own kind, which AtomicFile passes through unchanged. */
    private static final class DotFailed extends IOException {}

    private static boolean run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String label(int input) { return input == 0 ? "c_{k-2}" : input == 1 ? "c_{k-1}" : String.valueOf(input - 2); }

    /** The reference's drawing as DOT: left to right, inputs green, nodes blue, output yellow. */
    public static String dot(List<Genotype.Gene> genes, List<Integer> concat, int nodes) {
        StringBuilder sb = new StringBuilder("digraph cell {\n  rankdir=LR;\n  edge [fontsize=20, fontname=times];\n"
                + "  node [style=\"filled,rounded\", shape=rect, align=center, fontsize=20, height=0.5, width=0.5, penwidth=2, fontname=times];\n");
        sb.append("  \"c_{k-2}\" [fillcolor=darkseagreen2];\n  \"c_{k-1}\" [fillcolor=darkseagreen2];\n");
        for (int i = 0; i < nodes; i++) sb.append("  \"").append(i).append("\" [fillcolor=lightblue];\n");
        sb.append("  \"c_{k}\" [fillcolor=palegoldenrod];\n");
        for (int k = 0; k < genes.size(); k++)
            sb.append("  \"").append(label(genes.get(k).input())).append("\" -> \"").append(k / 2).append("\" [label=\"")
                    .append(genes.get(k).op().label()).append("\", fillcolor=gray];\n");
        for (int c : concat) sb.append("  \"").append(c - 2).append("\" -> \"c_{k}\" [fillcolor=gray];\n");
        return sb.append("}\n").toString();
    }

    /**
     * The fallback layout. Every box sits on one horizontal line, in the order c_{k-2}, c_{k-1}, 0, …, n-1, c_{k}.
     * An operation edge from box a to box j is the upper half of an ellipse from the top of a to the top of j, of height
     * 40 + 50·(j − a − 1) (+ 25 for a second edge between the same two boxes), labelled at its top; the concatenation
     * edges are lower half-ellipses into c_{k}. Every box has the same top and bottom, and a half-ellipse stays
     * strictly above (below) that line between its ends, so no edge crosses a box; labels sit at least 40 px above the
     * boxes, labels of different heights are 25 px apart (more than a line of text), and two at the same height belong
     * to different edges of the same span, whose centres are a whole box pitch (170 px) apart.
     */
    public static final class Layout {
        static final int PITCH = 170, BOX_W = 80, BOX_H = 30, LEFT = 70;
        final int nodes, width, height, line;
        final List<Arc> arcs = new ArrayList<>();
        private final List<String> names = new ArrayList<>();

        /** One drawn edge: from box {@code from} to box {@code to} (positions on the line), above or below it. */
        public record Arc(int from, int to, int height, boolean above, String label) {}

        Layout(List<Genotype.Gene> genes, List<Integer> concat, int nodes) {
            this.nodes = nodes;
            names.add("c_{k-2}");
            names.add("c_{k-1}");
            for (int i = 0; i < nodes; i++) names.add(String.valueOf(i));
            names.add("c_{k}");
            int up = 0, down = 0;
            for (int k = 0; k < genes.size(); k++) {
                int from = genes.get(k).input(), to = 2 + k / 2;
                boolean twin = k % 2 == 1 && genes.get(k - 1).input() == from;
                int h = 40 + 50 * (to - from - 1) + (twin ? 25 : 0);
                arcs.add(new Arc(from, to, h, true, genes.get(k).op().label()));
                up = Math.max(up, h);
            }
            for (int c : concat) {
                int h = 30 + 20 * (nodes + 2 - c - 1);
                arcs.add(new Arc(c, nodes + 2, h, false, null));
                down = Math.max(down, h);
            }
            this.line = up + 40 + BOX_H / 2;
            this.height = line + BOX_H / 2 + down + 30;
            this.width = 2 * LEFT + PITCH * (nodes + 2);
        }

        /** The centre x of box {@code i}. */
        int x(int i) { return LEFT + i * PITCH; }

        /** The y of the line the arc starts from: the tops of the boxes for edges above, their bottoms below. */
        int edgeY(Arc a) { return a.above() ? line - BOX_H / 2 : line + BOX_H / 2; }

        /** The label's baseline centre: at the arc's top. */
        int[] labelAt(Arc a) { return new int[] {(x(a.from()) + x(a.to())) / 2, edgeY(a) - a.height() - 4}; }

        String svg() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"serif\" font-size=\"14\">%n", width, height));
            for (Arc a : arcs) {
                int x1 = x(a.from()), x2 = x(a.to()), y = edgeY(a), rx = (x2 - x1) / 2;
                sb.append(String.format(Locale.ROOT, "<path d=\"M %d %d A %d %d 0 0 %d %d %d\" fill=\"none\" stroke=\"gray\"/>%n", x1, y, rx, a.height(),
                        a.above() ? 1 : 0, x2, y));
                int dir = a.above() ? -1 : 1;   // the arrow head at the target, pointing into its box
                sb.append(String.format(Locale.ROOT, "<polygon points=\"%d,%d %d,%d %d,%d\" fill=\"gray\"/>%n", x2, y, x2 - 5, y + 10 * dir, x2 + 5, y + 10 * dir));
                if (a.label() != null) {
                    int[] l = labelAt(a);
                    sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", l[0], l[1], a.label()));
                }
            }
            for (int i = 0; i < names.size(); i++) {
                String fill = i < 2 ? "#b4eeb4" : i == names.size() - 1 ? "#eee8aa" : "#add8e6";
                sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"black\"/>%n",
                        x(i) - BOX_W / 2, line - BOX_H / 2, BOX_W, BOX_H, fill));
                sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x(i), line + 5, names.get(i)));
            }
            return sb.append("</svg>\n").toString();
        }

        BufferedImage png() {
            System.setProperty("java.awt.headless", "true");
            BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setFont(new Font(Font.SERIF, Font.PLAIN, 14));
            g.setStroke(new BasicStroke(1.5f));
            FontMetrics fm = g.getFontMetrics();
            for (Arc a : arcs) {
                int x1 = x(a.from()), x2 = x(a.to()), y = edgeY(a), dir = a.above() ? -1 : 1;
                g.setColor(Color.GRAY);
                g.draw(new Arc2D.Double(x1, y - a.height(), x2 - x1, 2.0 * a.height(), a.above() ? 0 : 180, 180, Arc2D.OPEN));
                g.fillPolygon(new int[] {x2, x2 - 5, x2 + 5}, new int[] {y, y + 10 * dir, y + 10 * dir}, 3);
                if (a.label() != null) {
                    int[] l = labelAt(a);
                    g.setColor(Color.BLACK);
                    g.drawString(a.label(), l[0] - fm.stringWidth(a.label()) / 2, l[1]);
                }
            }
            for (int i = 0; i < names.size(); i++) {
                g.setColor(i < 2 ? new Color(0xb4eeb4) : i == names.size() - 1 ? new Color(0xeee8aa) : new Color(0xadd8e6));
                g.fillRect(x(i) - BOX_W / 2, line - BOX_H / 2, BOX_W, BOX_H);
                g.setColor(Color.BLACK);
                g.drawRect(x(i) - BOX_W / 2, line - BOX_H / 2, BOX_W, BOX_H);
                g.drawString(names.get(i), x(i) - fm.stringWidth(names.get(i)) / 2, line + 5);
            }
            g.dispose();
            return img;
        }
    }
}

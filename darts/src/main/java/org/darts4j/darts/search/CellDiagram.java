package org.darts4j.darts.search;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.darts4j.darts.genotype.Genotype;
import org.darts4j.tensor.io.AtomicFile;

/**
 * Drawings of a derived cell, like the reference's {@code visualize.py}: inputs c_{k-2} and c_{k-1}, the intermediate
 * nodes 0..n-1, the output c_{k}, each kept edge labelled with its operation. Written as Graphviz DOT (for anyone who
 * has Graphviz) and, with a fixed left-to-right layout of our own, as SVG and PNG.
 */
public final class CellDiagram {
    private CellDiagram() {}

    /** Writes NAME.dot, NAME.svg and NAME.png into {@code dir}. */
    public static void write(Path dir, String name, List<Genotype.Gene> genes, List<Integer> concat) throws IOException {
        int nodes = genes.size() / 2;
        AtomicFile.write(dir.resolve(name + ".dot"), tmp -> Files.writeString(tmp, dot(genes, concat, nodes), StandardCharsets.UTF_8));
        AtomicFile.write(dir.resolve(name + ".svg"), tmp -> Files.writeString(tmp, svg(genes, concat, nodes), StandardCharsets.UTF_8));
        BufferedImage img = png(genes, concat, nodes);
        AtomicFile.write(dir.resolve(name + ".png"), tmp -> ImageIO.write(img, "png", tmp.toFile()));
    }

    private static String label(int input) { return input == 0 ? "c_{k-2}" : input == 1 ? "c_{k-1}" : String.valueOf(input - 2); }

    static String dot(List<Genotype.Gene> genes, List<Integer> concat, int nodes) {
        StringBuilder sb = new StringBuilder("digraph cell {\n  rankdir=LR;\n  node [style=filled, shape=rect, fontname=times];\n");
        sb.append("  \"c_{k-2}\" [fillcolor=darkseagreen2];\n  \"c_{k-1}\" [fillcolor=darkseagreen2];\n");
        for (int i = 0; i < nodes; i++) sb.append("  \"").append(i).append("\" [fillcolor=lightblue];\n");
        sb.append("  \"c_{k}\" [fillcolor=palegoldenrod];\n");
        for (int k = 0; k < genes.size(); k++)
            sb.append("  \"").append(label(genes.get(k).input())).append("\" -> \"").append(k / 2).append("\" [label=\"")
                    .append(genes.get(k).op().label()).append("\", fillcolor=gray];\n");
        for (int c : concat) sb.append("  \"").append(c - 2).append("\" -> \"c_{k}\" [fillcolor=gray];\n");
        return sb.append("}\n").toString();
    }

    /** Box centres: inputs at the left, nodes in a staggered row, output at the right. */
    private static int[] at(int id, int nodes) {
        if (id == -2) return new int[] {70, 90};
        if (id == -1) return new int[] {70, 330};
        if (id == nodes) return new int[] {250 + nodes * 170, 210};
        return new int[] {250 + id * 170, id % 2 == 0 ? 130 : 290};
    }

    private static int source(int input) { return input - 2; }

    private static int width(int nodes) { return 330 + nodes * 170; }

    static String svg(List<Genotype.Gene> genes, List<Integer> concat, int nodes) {
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width(nodes)).append("\" height=\"420\" font-family=\"serif\" font-size=\"14\">\n");
        sb.append("<defs><marker id=\"a\" markerWidth=\"10\" markerHeight=\"7\" refX=\"10\" refY=\"3.5\" orient=\"auto\"><polygon points=\"0 0, 10 3.5, 0 7\"/></marker></defs>\n");
        for (int k = 0; k < genes.size(); k++) {
            int[] a = at(source(genes.get(k).input()), nodes), b = at(k / 2, nodes);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"gray\" marker-end=\"url(#a)\"/>%n", a[0] + 45, a[1], b[0] - 30, b[1]));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", (a[0] + b[0]) / 2, (a[1] + b[1]) / 2 - 4 + (k % 2) * 14,
                    genes.get(k).op().label()));
        }
        for (int c : concat) {
            int[] a = at(c - 2, nodes), b = at(nodes, nodes);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"gray\" marker-end=\"url(#a)\"/>%n", a[0] + 30, a[1], b[0] - 40, b[1]));
        }
        box(sb, at(-2, nodes), "c_{k-2}", "#b4eeb4");
        box(sb, at(-1, nodes), "c_{k-1}", "#b4eeb4");
        for (int i = 0; i < nodes; i++) box(sb, at(i, nodes), String.valueOf(i), "#add8e6");
        box(sb, at(nodes, nodes), "c_{k}", "#eee8aa");
        return sb.append("</svg>\n").toString();
    }

    private static void box(StringBuilder sb, int[] c, String text, String fill) {
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"30\" fill=\"%s\" stroke=\"black\"/>%n", c[0] - 40, c[1] - 15, 80, fill));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", c[0], c[1] + 5, text));
    }

    static BufferedImage png(List<Genotype.Gene> genes, List<Integer> concat, int nodes) {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(width(nodes), 420, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setFont(new Font(Font.SERIF, Font.PLAIN, 14));
        g.setStroke(new BasicStroke(1.5f));
        for (int k = 0; k < genes.size(); k++) {
            int[] a = at(source(genes.get(k).input()), nodes), b = at(k / 2, nodes);
            arrow(g, a[0] + 45, a[1], b[0] - 42, b[1]);
            String t = genes.get(k).op().label();
            g.setColor(Color.BLACK);
            g.drawString(t, (a[0] + b[0]) / 2 - g.getFontMetrics().stringWidth(t) / 2, (a[1] + b[1]) / 2 - 4 + (k % 2) * 14);
        }
        for (int c : concat) {
            int[] a = at(c - 2, nodes), b = at(nodes, nodes);
            arrow(g, a[0] + 40, a[1], b[0] - 42, b[1]);
        }
        drawBox(g, at(-2, nodes), "c_{k-2}", new Color(0xb4eeb4));
        drawBox(g, at(-1, nodes), "c_{k-1}", new Color(0xb4eeb4));
        for (int i = 0; i < nodes; i++) drawBox(g, at(i, nodes), String.valueOf(i), new Color(0xadd8e6));
        drawBox(g, at(nodes, nodes), "c_{k}", new Color(0xeee8aa));
        g.dispose();
        return img;
    }

    private static void arrow(Graphics2D g, int x1, int y1, int x2, int y2) {
        g.setColor(Color.GRAY);
        g.drawLine(x1, y1, x2, y2);
        double ang = Math.atan2(y2 - y1, x2 - x1);
        int[] xs = {x2, (int) (x2 - 10 * Math.cos(ang - 0.35)), (int) (x2 - 10 * Math.cos(ang + 0.35))};
        int[] ys = {y2, (int) (y2 - 10 * Math.sin(ang - 0.35)), (int) (y2 - 10 * Math.sin(ang + 0.35))};
        g.fillPolygon(xs, ys, 3);
    }

    private static void drawBox(Graphics2D g, int[] c, String text, Color fill) {
        g.setColor(fill);
        g.fillRect(c[0] - 40, c[1] - 15, 80, 30);
        g.setColor(Color.BLACK);
        g.drawRect(c[0] - 40, c[1] - 15, 80, 30);
        g.drawString(text, c[0] - g.getFontMetrics().stringWidth(text) / 2, c[1] + 5);
    }
}

package org.darts4j.darts.charts;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.darts4j.tensor.io.AtomicFile;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Charts drawn side by side on a white background into one PNG, written atomically (headless). */
public final class ChartImages {
    private ChartImages() {}

    public static void writeSideBySide(Path png, Chart<?, ?>... charts) throws IOException {
        System.setProperty("java.awt.headless", "true");
        writeSideBySide(png, Arrays.stream(charts).map(BitmapEncoder::getBufferedImage).toList());
    }

    public static void writeSideBySide(Path png, List<BufferedImage> images) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int w = images.stream().mapToInt(BufferedImage::getWidth).sum(), h = images.stream().mapToInt(BufferedImage::getHeight).max().orElse(1);
        BufferedImage all = new BufferedImage(Math.max(1, w), h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = all.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, all.getWidth(), h);
        int at = 0;
        for (BufferedImage i : images) {
            g.drawImage(i, at, 0, null);
            at += i.getWidth();
        }
        g.dispose();
        AtomicFile.write(png, tmp -> ImageIO.write(all, "png", tmp.toFile()));
    }
}

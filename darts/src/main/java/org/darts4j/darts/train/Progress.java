package org.darts4j.darts.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of an epoch: on a terminal, one line redrawn in place with a bar, throughput and time left; otherwise
 * a plain log line at every tenth of the epoch.
 */
final class Progress {
    private final PrintStream out;
    private final boolean terminal;
    private final String label;
    private final int total;
    private final long start = System.nanoTime();
    private int lastDecile = -1;

    Progress(PrintStream out, boolean terminal, String label, int total) {
        this.out = out;
        this.terminal = terminal;
        this.label = label;
        this.total = total;
    }

    void update(int done, int examples, double loss) {
        double s = (System.nanoTime() - start) / 1e9;
        double rate = examples / Math.max(s, 1e-9);
        double eta = done == 0 ? 0 : s / done * (total - done);
        if (terminal) {
            int width = 30, fill = (int) ((long) width * done / Math.max(1, total));
            out.printf("\r%s [%s%s] %d/%d  loss %.4f  %.0f ex/s  ETA %s   ", label, "#".repeat(fill), ".".repeat(width - fill), done, total,
                    loss, rate, clock(eta));
            if (done == total) out.println();
            out.flush();
        } else {
            int decile = (int) ((long) done * 10 / Math.max(1, total));
            if (decile > lastDecile && (decile > 0 || done == total)) {
                lastDecile = decile;
                out.printf("%s %d/%d batches, loss %.4f, %.0f examples/s, ETA %s%n", label, done, total, loss, rate, clock(eta));
            }
        }
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}

package org.darts4j.darts.run;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a piece of work in steps (an epoch's batches, a study's steps, a download's bytes): on a terminal, a bar
 * of the progressbar library redrawn in place on the console (never into a run's {@code log.txt}), with the rate and
 * the time left; otherwise a plain line on the log at every tenth of the work (at every step when verbose; every 10⁷
 * units when the total is unknown, 0 or less). When more
 * of the same work follows ({@link #then}, the epochs after this one), the time left for the whole run is shown too.
 */
public final class Progress implements AutoCloseable {
    private final PrintStream out;
    private final String label, unit;
    private final long total;
    private final long start = System.nanoTime();
    private final ProgressBar bar;
    private int lastDecile = -1;
    private boolean verbose;
    private int after;

    /**
     * Progress of {@code total} {@code unit}s; on a terminal ({@code terminal}) a bar on {@code System.out}, else lines
     * on {@code out}.
     */
    public Progress(PrintStream out, boolean terminal, String label, long total, String unit) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.unit = unit;
        this.bar = terminal ? new ProgressBarBuilder().setTaskName(label).setInitialMax(total > 0 ? total : -1).setUnit(" " + unit, 1).showSpeed()
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).setConsumer(new ConsoleProgressBarConsumer(System.out))
                .clearDisplayOnFinish().build() : null;
    }

    /** Progress of an epoch of {@code batches} steps. */
    public Progress(PrintStream out, boolean terminal, String label, int batches) { this(out, terminal, label, batches, "steps"); }

    /** A plain line at every step instead of every tenth of the work. */
    public Progress verbose(boolean v) {
        this.verbose = v;
        return this;
    }

    /** {@code n} more pieces of the same size follow this one (the epochs after it): the run's time left is shown. */
    public Progress then(int n) {
        this.after = n;
        return this;
    }

    /** {@code done} of the steps are done; {@code detail} (the mean loss, say) is shown beside them. */
    public void update(long done, String detail) {
        if (bar != null) {
            bar.stepTo(done);
            bar.setExtraMessage(" " + detail + (after > 0 ? ", run " + clock(left(done) + seconds() / Math.max(done, 1) * total * after) + " left" : ""));
            return;
        }
        int decile = (int) (total > 0 ? done * 10 / total : done / 10_000_000);   // an unknown total: a line every 10⁷ units
        if (verbose || decile > lastDecile && (decile > 0 || done == total)) {
            lastDecile = decile;
            double s = seconds();
            out.printf(Locale.ROOT, "%s %d/%d %s, %s, %.3g %s/s, ETA %s%s%n", label, done, total, unit, detail, done / Math.max(s, 1e-9), unit, clock(left(done)),
                    after > 0 ? ", run " + clock(left(done) + s / Math.max(done, 1) * total * after) : "");
        }
    }

    /** As {@link #update(long, String)}, for an epoch: {@code examples} seen at mean loss {@code loss}. */
    public void update(int done, int examples, double loss) {
        update(done, String.format(Locale.ROOT, "loss %.4f", loss));
    }

    private double seconds() { return (System.nanoTime() - start) / 1e9; }

    /** Seconds left in this piece at the rate so far. */
    private double left(long done) { return done == 0 || total <= 0 ? 0 : seconds() / done * (total - done); }

    /** Takes the bar off the console. */
    @Override public void close() {
        if (bar != null) bar.close();
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour. */
    public static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}

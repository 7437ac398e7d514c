package org.darts4j.darts.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.darts4j.darts.logs.EventFile;
import org.darts4j.nn.Module;
import org.darts4j.nn.checkpoint.Checkpoint;
import org.darts4j.nn.optim.Optimizer;
import org.darts4j.tensor.Tensor;

/**
 * The epoch loop every run in a folder shares (search, training, the evaluation network): it resumes from the newest
 * intact checkpoint with the {@code metrics.csv} rows that checkpoint covers, and after each epoch that the run's
 * {@link Body} trained and evaluated it writes, in this order, the row into {@code metrics.csv}, the epoch's scalars
 * into the event file, the run's own files, the checkpoint, the log line; then it tells the listener and asks the run
 * whether to stop. A killed run therefore loses at most the epoch in progress, and its files never run ahead of its
 * checkpoint by more than that epoch.
 *
 * @param <R> the run's row of {@code metrics.csv}
 */
public final class EpochLoop<R extends Record & EpochRow> {
    /** The file of the rows. */
    public static final String METRICS = "metrics.csv";

    /**
     * What a checkpoint holds: the model, the optimizers by name, and further tensors (α), asked for at every save and
     * load (an optimizer step may give a variable new data), restored in place.
     */
    public record State(Module model, Map<String, Optimizer> optimizers, Supplier<Map<String, Tensor>> tensors) {
        /** A model and its optimizers, nothing else. */
        public State(Module model, Map<String, Optimizer> optimizers) { this(model, optimizers, Map::of); }
    }

    /** Called after each epoch's checkpoint is written (tests use it to simulate a killed run). */
    @FunctionalInterface
    public interface Listener { void afterCheckpoint(int epochsDone); }

    /** What is a run's own in the loop. */
    public interface Body<R> {
        /** Trains epoch {@code epoch} (from 0) and evaluates it; returns its row ({@link Epoch#seconds()} for its time). */
        R train(int epoch, Epoch e) throws IOException;

        /** The run's own files and event-file entries of the epoch, written before its checkpoint. */
        default void files(R row, List<R> rows, Epoch e) throws IOException {}

        /** What the epoch's log line shows after the learning rate (empty for nothing). */
        default String summary(R row) { return ""; }

        /** Lines logged after the epoch's line, indented (the derived genotype, say). */
        default List<String> notes(R row) { return List.of(); }

        /** After the listener: whether the run ends here (an early-stopping rule). */
        default boolean stop(R row, List<R> rows) throws IOException { return false; }
    }

    /** The epoch in progress: the run's step counter, its event file and its clock. */
    public static final class Epoch {
        private final EventFile events;
        private long step;
        private long start;

        private Epoch(EventFile events, long step) {
            this.events = events;
            this.step = step;
        }

        /** Counts a step; returns its number (from 1 over the whole run). */
        public long nextStep() { return ++step; }

        /** The steps done over the whole run. */
        public long step() { return step; }

        public EventFile events() { return events; }

        /** Seconds since the epoch began. */
        public double seconds() { return (System.nanoTime() - start) / 1e9; }
    }

    private final Path dir;
    private final CsvTable<R> table;
    private final State state;
    private final String metric;
    private PrintStream log;
    private int keep = Checkpoint.DEFAULT_KEEP;
    private Listener listener;
    private final List<R> rows = new ArrayList<>();
    private int epochsDone;
    private long step;
    private boolean resumed;

    /** A loop over the run in {@code dir}, whose rows are {@code type} and whose metric is {@code metric}. */
    public EpochLoop(Path dir, Class<R> type, String metric, State state, PrintStream log) {
        this.dir = dir;
        this.metric = metric;
        this.table = new CsvTable<>(type, metric);
        this.state = state;
        this.log = log;
    }

    public EpochLoop<R> keepCheckpoints(int n) {
        this.keep = Checkpoint.requireKeep(n);
        return this;
    }

    public EpochLoop<R> listener(Listener l) {
        this.listener = l;
        return this;
    }

    /** The stream the loop logs to (the run's, once it has its log file). */
    public EpochLoop<R> log(PrintStream log) {
        this.log = log;
        return this;
    }

    /**
     * Restores the newest intact checkpoint of the folder, if it has one, and the rows of the epochs it covers; returns
     * the epochs done (0 for a fresh run).
     */
    public int resume() throws IOException {
        if (!resumed && Checkpoint.exists(dir)) {
            Checkpoint.Position p = Checkpoint.load(dir, state.model(), state.optimizers(), state.tensors().get(), Map.of(), log::println);
            epochsDone = p.epochsDone();
            step = p.step();
            rows.addAll(table.read(dir.resolve(METRICS), epochsDone));
            log.printf("resuming %s after epoch %d (step %d)%n", dir, epochsDone, step);
        }
        resumed = true;
        return epochsDone;
    }

    /** The rows so far (those resumed, then one per epoch run). */
    public List<R> rows() { return List.copyOf(rows); }

    /** The steps done so far. */
    public long step() { return step; }

    /** Runs (after {@link #resume()}) the epochs from the first not done up to {@code epochs}; returns all the rows. */
    public List<R> run(int epochs, Body<R> body) throws IOException {
        resume();
        try (EventFile events = new EventFile(dir.resolve(EventFile.FOLDER))) {
            if (epochsDone > 0 && epochsDone < epochs) events.sessionStart(step + 1);   // what a killed run logged past its checkpoint is dropped
            Epoch e = new Epoch(events, step);
            for (int epoch = epochsDone; epoch < epochs; epoch++) {
                e.start = System.nanoTime();
                R row = body.train(epoch, e);
                rows.add(row);
                step = e.step;
                epochsDone = epoch + 1;
                table.write(dir.resolve(METRICS), rows);
                events.scalar("epoch/train_loss", step, row.trainLoss());
                events.scalar("epoch/train_" + metric, step, row.trainMetric());
                events.scalar("epoch/val_loss", step, row.valLoss());
                events.scalar("epoch/val_" + metric, step, row.valMetric());
                events.scalar("epoch/lr", step, row.lr());
                body.files(row, rows(), e);
                Checkpoint.save(dir, epochsDone, step, state.model(), state.optimizers(), state.tensors().get(), Map.of(), null, keep);
                String more = body.summary(row);
                log.printf(java.util.Locale.ROOT, "epoch %d/%d: train loss %.4f %s %.4f | val loss %.4f %s %.4f | lr %.5f%s | %.0f s%n", epochsDone, epochs,
                        row.trainLoss(), metric, row.trainMetric(), row.valLoss(), metric, row.valMetric(), row.lr(), more.isEmpty() ? "" : " | " + more,
                        row.seconds());
                for (String note : body.notes(row)) log.println("  " + note);
                if (listener != null) listener.afterCheckpoint(epochsDone);
                if (body.stop(row, rows())) break;
            }
        }
        return rows();
    }
}

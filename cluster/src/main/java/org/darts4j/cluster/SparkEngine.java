package org.darts4j.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.darts4j.darts.experiment.ExperimentEngine;
import org.darts4j.darts.experiment.Step;
import org.darts4j.tensor.Backend;

/**
 * {@code experiment --engine spark}: each stage of an experiment is one Spark job whose tasks are its steps, one task
 * per step, each running the step's own code into its run folder on a path every executor sees. Spark retries a failed
 * task ({@code spark.task.maxFailures}; embedded local mode {@code local[*,4]}); the retry resumes from the step's last
 * checkpoint, and the run folder's lock keeps two attempts of one step (a retry racing a slow attempt, speculation) out
 * of one folder at once. A step's threads are {@code spark.task.cpus}; a task given a GPU by Spark's resource scheduling
 * runs on {@code cuda:N}, N the address Spark assigned.
 */
public final class SparkEngine implements ExperimentEngine {
    /** Embedded local mode: every core, a failed task tried up to 4 times (as on a cluster). */
    public static final String DEFAULT_MASTER = "local[*,4]";
    static final String MARKER = ".darts4j-driver";

    private final JavaSparkContext sc;
    private final Path dir;
    private final int taskCpus;
    private final boolean ownContext;

    /**
     * Starts Spark for the experiment folder {@code dir}: {@code master} null takes spark-submit's master (when run by
     * it) or {@link #DEFAULT_MASTER}; {@code settings} are {@code --conf} pairs; {@code threads} is the experiment's
     * threads per step, {@code spark.task.cpus} unless that is set.
     */
    SparkEngine(Path dir, String master, Map<String, String> settings, int threads, PrintStream log) throws IOException {
        SparkConf conf = new SparkConf(true).setAppName("darts4j experiment " + dir.getFileName());
        settings.forEach(conf::set);
        if (master != null) conf.setMaster(master);
        else if (!conf.contains("spark.master")) conf.setMaster(DEFAULT_MASTER);
        if (!conf.contains("spark.task.cpus")) conf.set("spark.task.cpus", String.valueOf(Math.max(1, threads)));
        boolean local = conf.get("spark.master").startsWith("local");
        if (local && !conf.contains("spark.ui.enabled")) conf.set("spark.ui.enabled", "false");
        if (local && !conf.contains("spark.driver.bindAddress")) conf.set("spark.driver.bindAddress", "127.0.0.1");
        if (local && !conf.contains("spark.driver.host")) conf.set("spark.driver.host", "127.0.0.1");
        this.dir = dir.toAbsolutePath().normalize();
        this.ownContext = true;
        this.sc = new JavaSparkContext(conf);
        this.taskCpus = sc.getConf().getInt("spark.task.cpus", 1);
        log.printf("spark: %s, application %s, %d thread%s per step%n", sc.master(), sc.sc().applicationId(), taskCpus, taskCpus == 1 ? "" : "s");
        try {
            checkExecutorsSee(this.dir);
        } catch (RuntimeException | IOException e) {
            sc.stop();
            throw e;
        }
    }

    @Override public int threadsPerStep() { return taskCpus; }

    /**
     * Writes a marker with a fresh token into the experiment folder and has a task on every executor read it back; an
     * executor that does not see it (another machine without the shared path) is refused in one line.
     */
    private void checkExecutorsSee(Path folder) throws IOException {
        Files.createDirectories(folder);
        String token = UUID.randomUUID().toString();
        Path marker = folder.resolve(MARKER);
        Files.writeString(marker, token, StandardCharsets.UTF_8);
        int slices = Math.max(2, sc.defaultParallelism());
        List<Integer> probes = new ArrayList<>();
        for (int i = 0; i < slices; i++) probes.add(i);
        String path = marker.toString();
        List<String> blind = sc.parallelize(probes, slices).map(i -> {
            Path m = Path.of(path);
            boolean sees = Files.isRegularFile(m) && Files.readString(m, StandardCharsets.UTF_8).equals(token);
            return sees ? "" : InetAddress.getLocalHost().getHostName();
        }).filter(h -> !h.isEmpty()).distinct().collect();
        if (!blind.isEmpty())
            throw new IllegalStateException("the Spark executors on " + String.join(", ", blind) + " do not see the experiment folder " + folder
                    + " (no " + MARKER + " written by the driver there): --out must be a path every executor sees, e.g. on NFS");
    }

    @Override public void run(List<Step> stage, PrintStream log, Backend device) throws IOException {
        List<Step.Spec> specs = new ArrayList<>();
        for (Step s : stage) specs.add(s.spec());
        log.printf("spark: %d step%s as tasks: %s%n", specs.size(), specs.size() == 1 ? "" : "s",
                String.join("; ", stage.stream().map(Step::describe).toList()));
        List<String> done;
        try {
            done = sc.parallelize(specs, specs.size()).map(new StepTask(device.device().kind())).collect();
        } catch (Exception e) {   // Spark throws its checked SparkException from Scala, undeclared
            awaitRunningTasks();
            if (!(e instanceof SparkException) && e instanceof RuntimeException r) throw r;
            String msg = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new IllegalStateException("spark: a step failed on every attempt Spark allowed (spark.task.maxFailures): " + msg);
        }
        for (String line : done) log.println("spark: " + line);
    }

    /**
     * After a failed job: waits (up to ten minutes) until no task runs any more. Spark fails the job as soon as one
     * step has failed on every attempt, but does not stop the other steps' attempts that are running (it marks them
     * killed and lets them end), and those write into their run folders: the caller must not see the experiment end
     * while they still do. Zero running tasks twice, a quarter of a second apart, counts as none (Spark's status is
     * updated by its listener bus, a little behind).
     */
    private void awaitRunningTasks() {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(10);
        int idle = 0;
        while (idle < 2 && System.nanoTime() < deadline) {
            int running = 0;
            for (org.apache.spark.SparkExecutorInfo e : sc.sc().statusTracker().getExecutorInfos()) running += e.numRunningTasks();
            idle = running == 0 ? idle + 1 : 0;
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override public void close() {
        if (ownContext) sc.stop();
        try {
            Files.deleteIfExists(dir.resolve(MARKER));
        } catch (IOException ignored) {
            // a marker left behind is rewritten by the next run
        }
    }
}

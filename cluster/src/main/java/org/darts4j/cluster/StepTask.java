package org.darts4j.cluster;

import java.io.PrintStream;
import java.net.InetAddress;
import java.util.function.IntConsumer;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.resource.ResourceInformation;
import org.darts4j.darts.experiment.Step;
import org.darts4j.tensor.Backend;
import org.darts4j.tensor.Devices;

/**
 * One Spark task: makes its step again from its {@link Step.Spec} and runs it into the step's folder (resuming it when
 * an earlier attempt left a checkpoint there; nothing to do when it finished). The device is the driver's kind, or
 * {@code cuda:N} when Spark assigned the task GPU N.
 */
final class StepTask implements Function<Step.Spec, String> {
    private final String deviceKind;

    StepTask(String deviceKind) { this.deviceKind = deviceKind; }

    /**
     * Test-only: told of each attempt (the step's folder, Spark's attempt number), it may return a listener of the
     * step's checkpoints that throws, to make one attempt fail part-way. Null in every real run.
     */
    static volatile java.util.function.BiFunction<String, Integer, IntConsumer> faults;

    @Override public String call(Step.Spec spec) throws Exception {
        TaskContext task = TaskContext.get();
        int attempt = task == null ? 0 : task.attemptNumber();
        String device = deviceKind;
        if (task != null) {
            ResourceInformation gpu = task.resourcesJMap().get("gpu");
            if (gpu != null && gpu.addresses().length > 0) device = "cuda:" + gpu.addresses()[0];
        }
        Step step = spec.step();
        String host = InetAddress.getLocalHost().getHostName();
        if (step.done()) return step.describe() + ": already finished (" + step.dir() + ")";
        Backend backend = Devices.resolve(device, System.err::println);
        PrintStream log = System.out;
        log.printf("== %s -> %s (attempt %d on %s, %s)%n", step.describe(), step.dir(), attempt, host, backend.describe());
        var hook = faults;
        step.run(log, backend, hook == null ? null : hook.apply(spec.dir(), attempt));
        return step.describe() + ": finished on " + host + ", attempt " + attempt + " (" + step.dir() + ")";
    }
}

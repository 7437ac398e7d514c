package org.darts4j.darts.cli;

import org.darts4j.tensor.Backend;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.Callable;
import org.darts4j.darts.benchmark.SearchStepBenchmark;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.cpu.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code darts4j bench}: whole-step benchmarks. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Whole-step benchmarks (kernels: the JMH benchmarks of the bench module).",
        subcommands = {BenchCommand.SearchStep.class, BenchCommand.TrainStep.class})
final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing benchmark: expected one of " + spec.subcommands().keySet());
    }

    @Command(name = "search-step", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Times the search step (DARTS, or --method pc-darts|gdas) as bench/peers/torch_search_step.py does (same keys, medians after one warm-up),",
                    "plus the exact hypergradient and the peak resident memory; prints one JSON line."})
    static final class SearchStep implements Callable<Integer> {
        @Option(names = "--C", defaultValue = "16", description = "Initial channels (default 16).") int c;
        @Option(names = "--layers", defaultValue = "8", description = "Cells (default 8).") int layers;
        @Option(names = "--batch", defaultValue = "64", description = "Batch size (default 64).") int batch;
        @Option(names = "--size", defaultValue = "32", description = "Image height and width (default 32).") int size;
        @Option(names = "--channels", defaultValue = "3", description = "Image channels (default 3).") int channels;
        @Option(names = "--classes", defaultValue = "10", description = "Classes (default 10).") int classes;
        @Option(names = "--threads", defaultValue = "2", description = "CPU threads (default 2).") int threads;
        @Option(names = "--steps", defaultValue = "3", description = "Timed repetitions of each step (default 3).") int steps;
        @Option(names = "--first-order-only", description = "Skip the second-order and exact architecture steps.") boolean firstOrderOnly;
        @Option(names = "--no-exact", description = {"Skip the exact architecture step, which the PyTorch peer does not have,",
                "so that the peak memory compares like with like."}) boolean noExact;
        @Option(names = "--dtype", defaultValue = "float32", description = "float32 (default) or float64.") String dtype;
        @Option(names = "--device", defaultValue = "cpu", description = DeviceOption.DESCRIPTION) String device;
        @picocli.CommandLine.Mixin MethodOptions method;

        @Override public Integer call() throws Exception {
            Backend backend = DeviceOption.resolve(device);
            if (method.warmupEpochs != null) throw new IllegalArgumentException("--warmup-epochs is an option of search, not of bench search-step");
            if (c < 1 || layers < 1 || batch < 1 || size < 1 || channels < 1 || classes < 2 || threads < 1 || steps < 1)
                throw new IllegalArgumentException("C, layers, batch, size, channels, threads and steps must be positive and classes at least 2");
            Parallel.setThreads(threads);
            var b = new SearchStepBenchmark(new SearchStepBenchmark.Setup(c, layers, batch, size, channels, classes, threads, steps, firstOrderOnly, !noExact,
                    DType.parse(dtype), backend, method.method(new org.darts4j.darts.search.method.SearchMethod.Darts())));
            System.out.println(new ObjectMapper().writeValueAsString(b.run()));
            return 0;
        }
    }

    @Command(name = "train-step", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Times one SGD step of a retraining model and one inference pass as bench/peers/torch_train_step.py does",
                    "(same keys, medians after one warm-up); prints one JSON line with images per second and the peak resident memory."})
    static final class TrainStep implements Callable<Integer> {
        @Option(names = "--model", defaultValue = "resnet20", description = "resnet20 (option A shortcuts) or darts (default resnet20).") String model;
        @Option(names = "--genotype", defaultValue = "DARTS_V2", description = "The darts model's genotype: DARTS_V1, DARTS_V2, text, a file or a search folder.") String genotype;
        @Option(names = "--C", defaultValue = "16", description = "The darts model's initial channels (default 16).") int c;
        @Option(names = "--layers", defaultValue = "8", description = "The darts model's cells (default 8).") int layers;
        @Option(names = "--auxiliary-weight", defaultValue = "0", description = "The darts model's auxiliary head weight; 0 (default): no head.") double auxiliaryWeight;
        @Option(names = "--batch", defaultValue = "128", description = "Batch size (default 128).") int batch;
        @Option(names = "--size", defaultValue = "28", description = "Image height and width (default 28).") int size;
        @Option(names = "--channels", defaultValue = "1", description = "Image channels (default 1).") int channels;
        @Option(names = "--classes", defaultValue = "10", description = "Classes (default 10).") int classes;
        @Option(names = "--threads", defaultValue = "2", description = "CPU threads (default 2).") int threads;
        @Option(names = "--steps", defaultValue = "3", description = "Timed repetitions of each step (default 3).") int steps;
        @Option(names = "--dtype", defaultValue = "float32", description = "float32 (default) or float64.") String dtype;
        @Option(names = "--device", defaultValue = "cpu", description = DeviceOption.DESCRIPTION) String device;

        @Override public Integer call() throws Exception {
            if (!model.equals("resnet20") && !model.equals("darts")) throw new IllegalArgumentException("--model " + model + ": expected resnet20 or darts");
            if (c < 1 || layers < 1 || batch < 1 || size < 1 || channels < 1 || classes < 2 || threads < 1 || steps < 1)
                throw new IllegalArgumentException("C, layers, batch, size, channels, threads and steps must be positive and classes at least 2");
            if (!(auxiliaryWeight >= 0)) throw new IllegalArgumentException("--auxiliary-weight " + auxiliaryWeight + ": expected 0 (no head) or a positive weight");
            Backend backend = DeviceOption.resolve(device);
            Parallel.setThreads(threads);
            var b = new org.darts4j.darts.benchmark.TrainStepBenchmark(new org.darts4j.darts.benchmark.TrainStepBenchmark.Setup(model, genotype, c, layers,
                    auxiliaryWeight, batch, size, channels, classes, threads, steps, DType.parse(dtype), backend));
            System.out.println(new ObjectMapper().writeValueAsString(b.run()));
            return 0;
        }
    }
}

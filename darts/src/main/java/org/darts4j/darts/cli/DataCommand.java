package org.darts4j.darts.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.darts4j.datasets.Dataset;
import org.darts4j.datasets.kirigami.KirigamiView;
import org.darts4j.datasets.preview.DatasetSummary;
import org.darts4j.datasets.preview.SampleGrid;
import org.darts4j.datasets.source.DataOptions;
import org.darts4j.darts.run.Progress;
import org.darts4j.datasets.source.DataSources;
import org.darts4j.datasets.source.Downloader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code darts4j data info|download}. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Inspect and download data sets.",
        subcommands = {DataCommand.Info.class, DataCommand.Download.class})
final class DataCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing command: expected info or download");
    }

    /** Options that choose a data set and a split. */
    static final class Selection {
        @Option(names = "--dataset", required = true,
                description = "mnist, fashion-mnist, cifar10, kirigami, kirigami-synthetic, kirigami:FILE, npz:FILE or csv:FILE.")
        String dataset;

        @Option(names = "--data-dir", description = "The folder holding the data set's files, and the only one looked in (default: $DARTS4J_DATA, ~/.darts4j/data, and Debian's Fashion-MNIST).")
        Path dataDir;

        @Option(names = "--split", defaultValue = "train", description = "train or test (default: ${DEFAULT-VALUE}).")
        String split;

        @Option(names = "--view", defaultValue = "fine-padded", description = "Kirigami images: coarse (1x3x5), fine (1x30x80) or fine-padded (1x32x80).")
        String view;

        @Option(names = "--target", split = ",", description = "Kirigami: yield_strain (default), toughness, yield_stress; csv: the target columns.")
        List<String> targets = new ArrayList<>();

        @Option(names = "--train-fraction", defaultValue = "0.8", description = "Kirigami: share of the rows, by position, that form the training split.")
        double trainFraction;

        @Option(names = "--seed", defaultValue = "0", description = "Seed of the synthetic kirigami data.")
        long seed;

        DataOptions options() {
            return new DataOptions(dataDir, split, KirigamiView.parse(view), targets, trainFraction, 2000, seed);
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Counts, shapes, class histogram or target statistics, and a PNG grid of sample images.")
    static final class Info implements Callable<Integer> {
        @picocli.CommandLine.Mixin Selection sel;

        @Option(names = "--json", description = "Print JSON instead of text.")
        boolean json;

        @Option(names = "--png", description = "Where to write the sample grid (default: NAME_SPLIT_samples.png here).")
        Path png;

        @Option(names = "--samples", defaultValue = "32", description = "Examples in the grid (default: ${DEFAULT-VALUE}).")
        int samples;

        @Override public Integer call() throws Exception {
            Dataset d = DataSources.load(sel.dataset, sel.options(), w -> System.err.println("darts4j: warning: " + w));
            Path out = png != null ? png : Path.of(d.name().replaceAll("[^A-Za-z0-9._-]", "_") + "_samples.png");
            if (samples > 0) SampleGrid.write(d, samples, 8, out);
            Map<String, Object> m = DatasetSummary.of(d);
            if (samples > 0) m.put("samples_png", out.toString());
            if (json) {
                System.out.println(new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m));
                return 0;
            }
            for (Map.Entry<String, Object> e : m.entrySet()) {
                Object v = e.getValue();
                if (v instanceof Map<?, ?> map) {
                    System.out.println(e.getKey() + ":");
                    map.forEach((k, c) -> System.out.printf("  %-16s %s%n", k, c));
                } else if (v instanceof List<?> list) {
                    System.out.println(e.getKey() + ":");
                    for (Object o : list) System.out.println("  " + o);
                } else {
                    System.out.println(e.getKey() + ": " + (v instanceof int[] a ? java.util.Arrays.toString(a)
                            : v instanceof float[] f ? java.util.Arrays.toString(f) : v));
                }
            }
            return 0;
        }
    }

    @Command(name = "download", mixinStandardHelpOptions = true,
            description = "Downloads a data set's published files, verifying each checksum before it is kept.")
    static final class Download implements Callable<Integer> {
        @Option(names = "--dataset", required = true, description = "mnist, fashion-mnist, cifar10 or kirigami.")
        String dataset;

        @Option(names = "--data-dir", description = "Where to put the files (default: ~/.darts4j/data); they go into its folder NAME.")
        Path dataDir;

        @Option(names = "--mirror", description = "A base address to download from instead of the published ones.")
        URI mirror;

        @Override public Integer call() throws Exception {
            Path root = dataDir != null ? dataDir : Path.of(System.getProperty("user.home"), ".darts4j", "data");
            try (ByteMeter meter = new ByteMeter()) {
                DataSources.download(dataset, root.resolve(dataset), mirror, m -> System.err.println("darts4j: " + m), meter);
            }
            System.out.println(dataset + ": files are in " + root.resolve(dataset));
            return 0;
        }
    }

    /** A download's bytes as {@link Progress}: a bar on a terminal, else a line at every tenth of each file. */
    static final class ByteMeter implements Downloader.Meter, AutoCloseable {
        private URI current;
        private Progress progress;

        @Override public void bytes(URI uri, long done, long total) {
            if (!uri.equals(current)) {
                close();
                current = uri;
                String name = uri.getPath().substring(uri.getPath().lastIndexOf('/') + 1);
                progress = new Progress(System.err, System.console() != null, name, total, "bytes");
            }
            progress.update(done, String.format(java.util.Locale.ROOT, "%.1f MB", done / 1e6));
        }

        @Override public void close() {
            if (progress != null) progress.close();
            progress = null;
            current = null;
        }
    }
}

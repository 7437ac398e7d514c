package org.darts4j.darts.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.darts4j.darts.export.Export;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code darts4j export RUN_FOLDER --out model.npz}. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Writes the newest intact checkpoint of a training or search run folder as an NPZ of PyTorch state_dict names,",
                "with a JSON side file (model, genotype, C, cells, auxiliary head, input channels, outputs).",
                "scripts/torch_load_export.py loads a DARTS evaluation network from it into PyTorch."})
final class ExportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_FOLDER", description = "A folder written by darts4j train or darts4j search.") Path run;
    @Option(names = "--out", required = true, paramLabel = "FILE.npz", description = "The NPZ to write; the side file is FILE.json beside it.") Path out;

    @Override public Integer call() throws Exception {
        Export.Written w = Export.write(run, out, System.err::println);
        System.out.println("exported " + w.arrays() + " arrays of " + run + " (after epoch " + w.epochsDone() + ") to " + w.npz() + "; side file " + w.sideFile());
        return 0;
    }
}

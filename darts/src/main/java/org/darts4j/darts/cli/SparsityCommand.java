package org.darts4j.darts.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.darts4j.darts.sparsity.Sparsity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code darts4j sparsity RUN_DIR}: the sparsity and collapse numbers of a search folder, printed and written. */
@Command(name = "sparsity", mixinStandardHelpOptions = true,
        description = {"Prints, per epoch of a search folder, the entropy of softmax(α) (mean over edges; log 8 = 2.079 is uniform), the mass on",
                "parameter-free operations (none, skip, pooling) and the skip connections of the derived cells; writes sparsity.csv,",
                "sparsity_edges.csv (entropy per edge) and sparsity_entropy.png, sparsity_parameter_free.png, sparsity_skips.png into the folder."})
final class SparsityCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_DIR", description = "A search folder (with alphas/epoch-NNN.npz).") Path dir;

    @Override public Integer call() throws Exception {
        Sparsity s = Sparsity.of(dir);
        s.write(dir);
        System.out.print(s.table());
        System.out.println("written: " + dir.resolve("sparsity.csv") + ", sparsity_edges.csv, sparsity_entropy.png, sparsity_parameter_free.png, sparsity_skips.png");
        return 0;
    }
}

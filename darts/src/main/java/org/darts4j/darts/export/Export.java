package org.darts4j.darts.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.darts4j.darts.search.SearchConfig;
import org.darts4j.darts.train.Model;
import org.darts4j.darts.train.RunConfig;
import org.darts4j.nn.checkpoint.Checkpoint;
import org.darts4j.tensor.io.AtomicFile;
import org.darts4j.tensor.io.NpyArray;
import org.darts4j.tensor.io.Npz;

/**
 * A run folder's trained network leaves darts4j: the weights and buffers of its newest intact checkpoint as an NPZ
 * keyed by PyTorch {@code state_dict} names (the reference's module names: {@code cells.3._ops.1.op.1.weight}), and a
 * JSON side file with what rebuilds the network (model, genotype, C, cells, auxiliary head, input channels, outputs).
 * From a search folder: the supernet's weights and its architecture as the reference names it ({@code alphas_normal},
 * {@code alphas_reduce}; PC-DARTS' {@code betas_normal}, {@code betas_reduce}). {@code scripts/torch_load_export.py} loads
 * an evaluation network into PyTorch.
 */
public final class Export {
    private Export() {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What was written: the NPZ, its side file and the number of arrays. */
    public record Written(Path npz, Path sideFile, int arrays, int epochsDone) {}

    public static Written write(Path runDir, Path out, Consumer<String> warn) throws IOException {
        if (!out.getFileName().toString().endsWith(".npz")) throw new IllegalArgumentException("--out " + out + ": expected a file name ending in .npz");
        Path cfgFile = runDir.resolve("config.json");
        if (!Files.isRegularFile(cfgFile)) throw new IOException(runDir + ": not a run folder (no config.json)");
        com.fasterxml.jackson.databind.JsonNode tree;
        try {
            tree = JSON.readTree(cfgFile.toFile());
        } catch (IOException e) {
            throw new IOException(cfgFile + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        boolean search = tree.has("hypergradient");
        SearchConfig searched = search ? SearchConfig.read(cfgFile) : null;
        RunConfig trained = search ? null : RunConfig.read(cfgFile);
        String model = search ? "search-supernet" : trained.model().label();
        if (trained != null && trained.model() instanceof Model.Forest)
            throw new IllegalArgumentException(runDir + " holds a random forest, which has no weights to export");
        Checkpoint.Latest latest = Checkpoint.latest(runDir, warn);
        Map<String, NpyArray> state = new LinkedHashMap<>();
        latest.arrays().forEach((k, v) -> {
            if (k.startsWith("model.")) state.put(k.substring("model.".length()), v);
        });
        if (search)
            for (String a : new String[] {"alpha_normal", "alpha_reduce", "beta_normal", "beta_reduce"}) {
                NpyArray t = latest.arrays().get("tensor." + a);
                if (t != null) state.put(a.replace("alpha_", "alphas_").replace("beta_", "betas_"), t);
            }
        if (state.isEmpty()) throw new IOException(runDir.resolve(latest.file()) + ": no model weights in the checkpoint");

        Map<String, Object> side = new LinkedHashMap<>();
        side.put("format", "darts4j export 1: NPZ of PyTorch state_dict names (float arrays as saved, int64 counters)");
        side.put("source", runDir.toAbsolutePath().normalize().toString());
        side.put("checkpoint", latest.file());
        side.put("epochs_done", latest.epochsDone());
        side.put("model", model);
        side.put("dtype", (search ? searched.dtype() : trained.dtype()).toString());
        NpyArray stem = state.get("stem.0.weight");
        if (stem != null) side.put("in_channels", stem.shape().dim(1));
        NpyArray head = state.get("classifier.weight");
        if (head != null) side.put("num_classes", head.shape().dim(0));
        if (trained != null && trained.model() instanceof Model.DartsNetwork d) {
            side.put("genotype", d.genotype());
            side.put("C", d.channels());
            side.put("layers", d.layers());
            side.put("auxiliary", d.auxiliaryWeight() > 0);
        } else if (search) {
            side.put("C", searched.supernet().c());
            side.put("layers", searched.supernet().layers());
            side.put("method", tree.path("method"));
            Path g = runDir.resolve("genotype.txt");
            if (Files.isRegularFile(g)) side.put("genotype", Files.readString(g).strip());
        }
        Path sideFile = out.resolveSibling(out.getFileName().toString().replaceFirst("\\.npz$", ".json"));
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Npz.write(out, state);
        AtomicFile.write(sideFile, tmp -> JSON.writeValue(tmp.toFile(), side));
        return new Written(out, sideFile, state.size(), latest.epochsDone());
    }
}

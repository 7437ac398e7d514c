package org.darts4j.nn.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.darts4j.nn.Module;
import org.darts4j.nn.optim.Optimizer;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.Tensor;
import org.darts4j.tensor.io.AtomicFile;
import org.darts4j.tensor.io.NpyArray;
import org.darts4j.tensor.io.Npz;

/**
 * A checkpoint in a run folder: {@code checkpoint-epoch-NNNN.npz} (model state under {@code model.}, optimizer state
 * under {@code optimizer.}, generator states under {@code generator.}) and {@code checkpoint.json} (epoch, step and the
 * NPZ's name). Both are written to temporary files and renamed; the JSON is renamed last, so a run killed at any
 * moment still points at a complete checkpoint. Older NPZ files are removed once the JSON points past them.
 */
public final class Checkpoint {
    public static final String JSON = "checkpoint.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Checkpoint() {}

    /** What a checkpoint restores besides weights: the epochs completed and the global step. */
    public record Position(int epochsDone, long step, JsonNode extra) {}

    public static void save(Path dir, int epochsDone, long step, Module model, Optimizer opt, Map<String, Generator> generators,
                            JsonNode extra) throws IOException {
        save(dir, epochsDone, step, model, opt == null ? Map.of() : Map.of("optimizer", opt), Map.of(), generators, extra);
    }

    /**
     * The general form: optimizers and extra tensors (such as α) under their own prefixes ({@code NAME.state...},
     * {@code tensor.NAME}).
     */
    public static void save(Path dir, int epochsDone, long step, Module model, Map<String, Optimizer> optimizers,
                            Map<String, Tensor> tensors, Map<String, Generator> generators, JsonNode extra) throws IOException {
        Files.createDirectories(dir);
        Map<String, NpyArray> arrays = new LinkedHashMap<>(StateDictIO.toArrays(model.stateDict(), "model."));
        optimizers.forEach((name, opt) -> {
            opt.state().forEach((k, v) -> arrays.put(name + "." + k, NpyArray.of(v)));
            arrays.put(name + ".lr", NpyArray.of(Tensor.scalar(DType.FLOAT64, opt.lr())));
        });
        tensors.forEach((k, v) -> arrays.put("tensor." + k, NpyArray.of(v)));
        generators.forEach((k, g) -> arrays.put("generator." + k, NpyArray.ofLongs(g.state(), 6)));
        String npzName = String.format("checkpoint-epoch-%04d.npz", epochsDone);
        Npz.write(dir.resolve(npzName), arrays);
        ObjectNode meta = MAPPER.createObjectNode();
        meta.put("epochs_done", epochsDone);
        meta.put("step", step);
        meta.put("arrays", npzName);
        if (extra != null) meta.set("extra", extra);
        AtomicFile.write(dir.resolve(JSON), tmp -> MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), meta));
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "checkpoint-epoch-*.npz")) {
            for (Path p : old) if (!p.getFileName().toString().equals(npzName)) Files.deleteIfExists(p);
        }
    }

    public static boolean exists(Path dir) { return Files.isRegularFile(dir.resolve(JSON)); }

    /** Restores model, optimizer and generators in place; returns where the run stood. */
    public static Position load(Path dir, Module model, Optimizer opt, Map<String, Generator> generators) throws IOException {
        return load(dir, model, opt == null ? Map.of() : Map.of("optimizer", opt), Map.of(), generators);
    }

    /** The general form: optimizers by prefix, and extra tensors written into the given tensors in place. */
    public static Position load(Path dir, Module model, Map<String, Optimizer> optimizers, Map<String, Tensor> tensors,
                                Map<String, Generator> generators) throws IOException {
        Path json = dir.resolve(JSON);
        if (!Files.isRegularFile(json)) throw new IOException(dir + ": no checkpoint (" + JSON + " is missing)");
        JsonNode meta;
        try {
            meta = MAPPER.readTree(json.toFile());
        } catch (IOException e) {
            throw new IOException(json + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (!meta.hasNonNull("arrays") || !meta.hasNonNull("epochs_done"))
            throw new IOException(json + ": expected the fields epochs_done, step and arrays");
        Map<String, NpyArray> arrays = Npz.read(dir.resolve(meta.get("arrays").asText()));
        model.loadStateDict(StateDictIO.fromArrays(arrays, "model."), true);
        for (Map.Entry<String, Optimizer> o : optimizers.entrySet()) {
            String prefix = o.getKey() + ".";
            Map<String, Tensor> s = new LinkedHashMap<>();
            arrays.forEach((k, v) -> {
                if (k.startsWith(prefix + "state.")) s.put(k.substring(prefix.length()), v.toTensor());
            });
            o.getValue().loadState(s);
            if (arrays.containsKey(prefix + "lr")) o.getValue().setLr(arrays.get(prefix + "lr").values()[0]);
        }
        for (Map.Entry<String, Tensor> t : tensors.entrySet()) {
            NpyArray a = arrays.get("tensor." + t.getKey());
            if (a == null) throw new IOException(dir + ": checkpoint has no tensor '" + t.getKey() + "'");
            t.getValue().assign(a.toTensor(t.getValue().dtype()));
        }
        for (Map.Entry<String, Generator> g : generators.entrySet()) {
            NpyArray a = arrays.get("generator." + g.getKey());
            if (a == null) throw new IOException(dir + ": checkpoint has no state for generator '" + g.getKey() + "'");
            g.getValue().setState(a.longs());
        }
        return new Position(meta.get("epochs_done").asInt(), meta.path("step").asLong(), meta.get("extra"));
    }
}

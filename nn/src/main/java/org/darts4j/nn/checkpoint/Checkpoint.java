package org.darts4j.nn.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.darts4j.nn.Module;
import org.darts4j.nn.optim.Optimizer;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.Generator;
import org.darts4j.tensor.Tensor;
import org.darts4j.tensor.io.AtomicFile;
import org.darts4j.tensor.io.NpyArray;
import org.darts4j.tensor.io.Npz;

/**
 * Checkpoints in a run folder: {@code checkpoint-epoch-NNNN.npz} (model state under {@code model.}, optimizer state
 * under {@code optimizer.}, generator states under {@code generator.}) and {@code checkpoint.json}, the manifest: for
 * the newest checkpoint its epoch, step, NPZ name and the SHA-256 of the NPZ's bytes, and the same for the ones kept
 * before it ({@code earlier}, newest first). The NPZ is written first and the manifest last, each to a temporary file
 * renamed into place, so a run killed at any moment still has a complete manifest naming complete archives.
 *
 * <p>{@link #DEFAULT_KEEP} checkpoints are kept (older NPZ files are removed once the manifest no longer names them);
 * a resume verifies the newest against its SHA-256 and falls back to the one before it, with a one-line warning, when
 * it is missing or damaged. Archives are byte-identical for identical content. A checkpoint holding a NaN or an
 * infinity is never written: {@link #save} refuses it, naming the array, since resuming from it could only diverge.
 */
public final class Checkpoint {
    public static final String JSON = "checkpoint.json";
    /** Checkpoints kept by default: the newest and one to fall back to. */
    public static final int DEFAULT_KEEP = 2;
    /** Keep every checkpoint (studies of a search's states). */
    public static final int KEEP_ALL = Integer.MAX_VALUE;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Checkpoint() {}

    /** What a checkpoint restores besides weights: the epochs completed and the global step. */
    public record Position(int epochsDone, long step, JsonNode extra) {}

    public static void save(Path dir, int epochsDone, long step, Module model, Optimizer opt, Map<String, Generator> generators,
                            JsonNode extra) throws IOException {
        save(dir, epochsDone, step, model, opt == null ? Map.of() : Map.of("optimizer", opt), Map.of(), generators, extra, DEFAULT_KEEP);
    }

    public static void save(Path dir, int epochsDone, long step, Module model, Optimizer opt, Map<String, Generator> generators,
                            JsonNode extra, int keep) throws IOException {
        save(dir, epochsDone, step, model, opt == null ? Map.of() : Map.of("optimizer", opt), Map.of(), generators, extra, keep);
    }

    /**
     * The general form: optimizers and extra tensors (such as α) under their own prefixes ({@code NAME.state...},
     * {@code tensor.NAME}); {@code keep} checkpoints are kept (at least 1; {@link #KEEP_ALL}).
     */
    public static void save(Path dir, int epochsDone, long step, Module model, Map<String, Optimizer> optimizers,
                            Map<String, Tensor> tensors, Map<String, Generator> generators, JsonNode extra, int keep) throws IOException {
        requireKeep(keep);
        Files.createDirectories(dir);
        Map<String, NpyArray> arrays = new LinkedHashMap<>(StateDictIO.toArrays(model.stateDict(), "model."));
        optimizers.forEach((name, opt) -> {
            opt.state().forEach((k, v) -> arrays.put(name + "." + k, NpyArray.of(v)));
            arrays.put(name + ".lr", NpyArray.of(Tensor.scalar(DType.FLOAT64, opt.lr())));
        });
        tensors.forEach((k, v) -> arrays.put("tensor." + k, NpyArray.of(v)));
        generators.forEach((k, g) -> arrays.put("generator." + k, NpyArray.ofLongs(g.state(), 6)));
        requireFinite(arrays, epochsDone);
        String npzName = String.format(Locale.ROOT, "checkpoint-epoch-%04d.npz", epochsDone);
        Path npz = dir.resolve(npzName);
        Npz.write(npz, arrays);
        ObjectNode meta = MAPPER.createObjectNode();
        meta.put("epochs_done", epochsDone);
        meta.put("step", step);
        meta.put("arrays", npzName);
        meta.put("sha256", sha256(npz));
        if (extra != null) meta.set("extra", extra);
        ArrayNode earlier = meta.putArray("earlier");
        Set<String> kept = new HashSet<>(Set.of(npzName));
        List<JsonNode> before;
        try {
            before = entries(dir);
        } catch (IOException unreadable) {
            before = List.of();   // a damaged manifest is replaced; the checkpoints it named are not trusted
        }
        for (JsonNode e : before) {
            if (kept.size() >= keep) break;
            String name = e.path("arrays").asText();
            if (kept.contains(name) || e.path("epochs_done").asInt() >= epochsDone || !Files.isRegularFile(dir.resolve(name))) continue;
            ObjectNode copy = ((ObjectNode) e).deepCopy();
            copy.remove("earlier");
            earlier.add(copy);
            kept.add(name);
        }
        AtomicFile.write(dir.resolve(JSON), tmp -> MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), meta));
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "checkpoint-epoch-*.npz")) {
            for (Path p : old) if (!kept.contains(p.getFileName().toString())) Files.deleteIfExists(p);
        }
    }

    /** Refuses a count of checkpoints to keep below 1 (as {@code --keep-checkpoints} would). */
    public static int requireKeep(int keep) {
        if (keep < 1) throw new IllegalArgumentException("--keep-checkpoints: expected a count of at least 1 or 'all', got " + keep);
        return keep;
    }

    /** Refuses a checkpoint with a NaN or an infinity, naming the first such array. */
    private static void requireFinite(Map<String, NpyArray> arrays, int epochsDone) {
        for (Map.Entry<String, NpyArray> a : arrays.entrySet()) {
            if (a.getValue().isInteger()) continue;
            for (double v : a.getValue().values())
                if (!Double.isFinite(v))
                    throw new NonFiniteException("not writing the checkpoint of epoch " + epochsDone + ": '" + a.getKey()
                            + "' holds " + v + " (the run diverged; lower the learning rate or clip the gradient norm)");
        }
    }

    /** Thrown instead of writing a checkpoint that holds a NaN or an infinity. */
    public static final class NonFiniteException extends IllegalStateException {
        NonFiniteException(String message) { super(message); }
    }

    public static boolean exists(Path dir) { return Files.isRegularFile(dir.resolve(JSON)); }

    /** Restores model, optimizer and generators in place; returns where the run stood. */
    public static Position load(Path dir, Module model, Optimizer opt, Map<String, Generator> generators,
                                Consumer<String> warn) throws IOException {
        return load(dir, model, opt == null ? Map.of() : Map.of("optimizer", opt), Map.of(), generators, warn);
    }

    /**
     * The general form: optimizers by prefix, and extra tensors written into the given tensors in place. The newest
     * checkpoint whose NPZ matches its SHA-256 and reads back is restored; each one skipped is named to {@code warn}.
     */
    public static Position load(Path dir, Module model, Map<String, Optimizer> optimizers, Map<String, Tensor> tensors,
                                Map<String, Generator> generators, Consumer<String> warn) throws IOException {
        return newestIntact(dir, "resumed from", warn, (c, arrays) -> {
            restore(dir, arrays, model, optimizers, tensors, generators);
            return new Position(c.get("epochs_done").asInt(), c.path("step").asLong(), c.get("extra"));
        });
    }

    /** The arrays of a run folder's newest intact checkpoint and how many epochs it holds. */
    public record Latest(int epochsDone, String file, Map<String, NpyArray> arrays) {}

    /**
     * The newest checkpoint of {@code dir} whose NPZ matches its SHA-256 and reads back, without restoring it into
     * anything (to export it); each one skipped is named to {@code warn}.
     */
    public static Latest latest(Path dir, Consumer<String> warn) throws IOException {
        return newestIntact(dir, "using", warn, (c, arrays) -> new Latest(c.get("epochs_done").asInt(), c.get("arrays").asText(), arrays));
    }

    /** What {@link #newestIntact} does with a checkpoint: an exception makes it try the one before. */
    private interface Use<T> { T apply(JsonNode entry, Map<String, NpyArray> arrays) throws IOException; }

    /**
     * {@code use} applied to the newest checkpoint whose NPZ is there, matches its SHA-256 and reads back (and for which
     * {@code use} succeeds); each one passed over is named to {@code warn} ("warning: VERB FILE (epoch N) instead: ...").
     */
    private static <T> T newestIntact(Path dir, String verb, Consumer<String> warn, Use<T> use) throws IOException {
        List<JsonNode> candidates = entries(dir);
        if (candidates.isEmpty()) throw new IOException(dir.resolve(JSON) + ": expected the fields epochs_done, step and arrays");
        List<String> problems = new ArrayList<>();
        for (JsonNode c : candidates) {
            String name = c.get("arrays").asText();
            try {
                Path npz = dir.resolve(name);
                if (!Files.isRegularFile(npz)) throw new IOException("missing");
                if (c.hasNonNull("sha256") && !c.get("sha256").asText().equals(sha256(npz)))
                    throw new IOException("its SHA-256 differs from " + JSON + "'s: the file is damaged");
                T out = use.apply(c, Npz.read(npz));
                if (!problems.isEmpty())
                    warn.accept("warning: " + verb + " " + name + " (epoch " + c.get("epochs_done").asInt() + ") instead: " + String.join("; ", problems));
                return out;
            } catch (IOException | RuntimeException e) {
                problems.add(name + " cannot be used (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
            }
        }
        throw new IOException(dir + ": no intact checkpoint: " + String.join("; ", problems));
    }

    /** The manifest's entries, newest first: the checkpoint it names and those kept before it. */
    private static List<JsonNode> entries(Path dir) throws IOException {
        Path json = dir.resolve(JSON);
        if (!Files.isRegularFile(json)) {
            if (Files.exists(json)) throw new IOException(json + ": not a regular file");
            return List.of();
        }
        JsonNode meta;
        try {
            meta = MAPPER.readTree(json.toFile());
        } catch (IOException e) {
            throw new IOException(json + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        List<JsonNode> out = new ArrayList<>();
        if (meta == null || !meta.hasNonNull("arrays") || !meta.hasNonNull("epochs_done"))
            throw new IOException(json + ": expected the fields epochs_done, step and arrays");
        out.add(meta);
        for (JsonNode e : meta.path("earlier")) if (e.hasNonNull("arrays") && e.hasNonNull("epochs_done")) out.add(e);
        return out;
    }

    private static void restore(Path dir, Map<String, NpyArray> arrays, Module model, Map<String, Optimizer> optimizers,
                                Map<String, Tensor> tensors, Map<String, Generator> generators) throws IOException {
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
    }

    /** The SHA-256 of a file's bytes, in hex. */
    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}

package org.darts4j.nn.checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.darts4j.nn.Module;
import org.darts4j.tensor.Tensor;
import org.darts4j.tensor.io.NpyArray;
import org.darts4j.tensor.io.Npz;

/**
 * State dicts as NPZ, one array per name: {@code numpy.savez(f, **{k: v.numpy() for k, v in m.state_dict().items()})}
 * on the PyTorch side reads and writes the same files. {@code num_batches_tracked} is stored as int64, as PyTorch has it.
 */
public final class StateDictIO {
    private StateDictIO() {}

    public static void export(Module m, Path file) throws IOException { Npz.write(file, toArrays(m.stateDict(), "")); }

    /** Loads by name; with {@code strict} every name must match both ways. */
    public static void load(Module m, Path file, boolean strict) throws IOException {
        m.loadStateDict(fromArrays(Npz.read(file), ""), strict);
    }

    static Map<String, NpyArray> toArrays(Map<String, Tensor> state, String prefix) {
        Map<String, NpyArray> a = new LinkedHashMap<>();
        state.forEach((k, v) -> a.put(prefix + k, k.endsWith("num_batches_tracked")
                ? NpyArray.ofLongs(new long[] {(long) v.item()}) : NpyArray.of(v)));
        return a;
    }

    static Map<String, Tensor> fromArrays(Map<String, NpyArray> arrays, String prefix) {
        Map<String, Tensor> s = new LinkedHashMap<>();
        arrays.forEach((k, v) -> {
            if (k.startsWith(prefix)) s.put(k.substring(prefix.length()), v.toTensor());
        });
        return s;
    }
}

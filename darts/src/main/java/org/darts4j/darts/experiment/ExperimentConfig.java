package org.darts4j.darts.experiment;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An experiment file (JSON, or YAML when the name ends in .yaml/.yml):
 * <pre>{@code
 * name: fmnist-darts-vs-resnet
 * seeds: [0, 1]
 * threads: 2
 * search:                 # options of `darts4j search` (without --); seed and out are set per seed
 *   dataset: fashion-mnist
 *   train-subset: 2000
 *   epochs: 6
 * retrain:                # one entry per data set B; options of `darts4j train`
 *   - dataset: fashion-mnist
 *     epochs: 8
 *     models: [darts, resnet]          # default: darts, resnet, and random-forest on kirigami and csv data
 *     darts: {channels: 8, layers: 5}  # options for one model only
 *     resnet: {blocks: [1, 1, 1]}
 * genotypes: [DARTS_V2]   # optional: fixed genotypes retrained beside the searched ones
 * }</pre>
 * {@code resnet} is a small ResNet with {@code --params-like} the DARTS network of the same seed and data set.
 */
public record ExperimentConfig(String name, List<Long> seeds, Integer threads, Map<String, Object> search,
                               List<Map<String, Object>> retrain, List<String> genotypes) {
    /** Models an entry can name. */
    public static final List<String> MODELS = List.of("darts", "resnet", "random-forest", "resnet20", "resnet32", "resnet56", "resnet18");
    /** Keys of a retrain entry that are not train options. */
    static final List<String> ENTRY_KEYS = List.of("models", "darts", "resnet", "random-forest", "resnet20", "resnet32", "resnet56", "resnet18");

    public ExperimentConfig {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("experiment config: field 'name' is missing");
        if (seeds == null || seeds.isEmpty()) throw new IllegalArgumentException("experiment config: field 'seeds' is missing: expected a list such as [0, 1]");
        if (seeds.stream().distinct().count() != seeds.size()) throw new IllegalArgumentException("experiment config: field 'seeds' repeats a seed: " + seeds);
        if (search == null) throw new IllegalArgumentException("experiment config: field 'search' is missing: expected the options of darts4j search, at least dataset");
        if (retrain == null || retrain.isEmpty()) throw new IllegalArgumentException("experiment config: field 'retrain' is missing: expected a list of data sets to train on");
        if (threads != null && threads < 0) throw new IllegalArgumentException("experiment config: field 'threads' must be at least 0, got " + threads);
        search = normalise(search);
        List<Map<String, Object>> r = new ArrayList<>();
        for (Map<String, Object> e : retrain) r.add(normalise(e));
        retrain = List.copyOf(r);
        genotypes = genotypes == null ? List.of() : List.copyOf(genotypes);
        seeds = List.copyOf(seeds);
        for (int i = 0; i < retrain.size(); i++) {
            Map<String, Object> e = retrain.get(i);
            if (!(e.get("dataset") instanceof String)) throw new IllegalArgumentException("experiment config: retrain[" + i + "].dataset is missing");
            for (String m : models(e)) if (!MODELS.contains(m))
                throw new IllegalArgumentException("experiment config: retrain[" + i + "].models: unknown model '" + m + "'; expected one of " + MODELS);
            for (String k : ENTRY_KEYS)
                if (!k.equals("models") && e.containsKey(k) && !(e.get(k) instanceof Map))
                    throw new IllegalArgumentException("experiment config: retrain[" + i + "]." + k + ": expected a map of options for that model");
        }
    }

    /** Option names with '-' (YAML users write train_subset as often as train-subset). */
    private static Map<String, Object> normalise(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : m.entrySet()) {
            Object v = e.getValue() instanceof Map<?, ?> inner ? normalise(cast(inner)) : e.getValue();
            out.put(e.getKey().replace('_', '-'), v);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Map<?, ?> m) { return (Map<String, Object>) m; }

    /** The models of retrain entry {@code i}. */
    public List<String> models(int i) { return models(retrain.get(i)); }

    private static List<String> models(Map<String, Object> e) {
        Object m = e.get("models");
        if (m == null) {
            String d = (String) e.get("dataset");
            boolean tabular = d.startsWith("kirigami") || d.startsWith("csv:");
            return tabular ? List.of("darts", "resnet", "random-forest") : List.of("darts", "resnet");
        }
        if (!(m instanceof List<?> l)) throw new IllegalArgumentException("experiment config: retrain[].models: expected a list such as [darts, resnet], got " + m);
        return l.stream().map(String::valueOf).toList();
    }

    /** The options of retrain entry {@code i} shared by its models. */
    public Map<String, Object> trainOptions(int i) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (var x : retrain.get(i).entrySet()) if (!ENTRY_KEYS.contains(x.getKey())) out.put(x.getKey(), x.getValue());
        return out;
    }

    /** The options of retrain entry {@code i} for one model only (they replace the shared ones). */
    public Map<String, Object> modelOptions(int i, String model) {
        return retrain.get(i).get(model) instanceof Map<?, ?> m ? cast(m) : Map.of();
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** Reads a file; an unknown or ill-typed field is named in the one-line error. */
    public static ExperimentConfig read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no such experiment file");
        String n = file.getFileName().toString().toLowerCase();
        ObjectMapper m = n.endsWith(".yaml") || n.endsWith(".yml") ? new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) : JSON;
        try {
            return m.readValue(file.toFile(), ExperimentConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException(file + ": unknown field '" + e.getPropertyName() + "'; expected "
                    + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")));
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) throw new IllegalArgumentException(file + ": " + iae.getMessage());
            String path = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]").collect(Collectors.joining("."));
            throw new IllegalArgumentException(file + ": field '" + path + "': " + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new IOException(file + ": not a JSON/YAML experiment file (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    /** The configuration as JSON (kept in the experiment folder to refuse a changed configuration on resume). */
    public String toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ExperimentConfig fromJson(String json) throws IOException { return JSON.readValue(json, ExperimentConfig.class); }
}

package org.darts4j.darts.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.darts4j.darts.hypergradient.HypergradientEstimator;
import org.darts4j.datasets.kirigami.KirigamiView;
import org.darts4j.tensor.DType;
import org.darts4j.tensor.io.AtomicFile;

/**
 * Configurations as JSON ({@code config.json}, and what a cluster task carries): records by their components, the
 * element type, kirigami view and hypergradient estimator by their command-line names ({@code float32}, {@code
 * fine-padded}, {@code fd:0.01}), unknown fields refused.
 */
public final class ConfigJson {
    private ConfigJson() {}

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .registerModule(new SimpleModule("darts4j-config")
                    .addSerializer(DType.class, named(DType::toString)).addDeserializer(DType.class, parsed(DType::parse))
                    .addSerializer(KirigamiView.class, named(ConfigJson::label)).addDeserializer(KirigamiView.class, parsed(KirigamiView::parse))
                    .addSerializer(HypergradientEstimator.class, named(HypergradientEstimator::name))
                    .addDeserializer(HypergradientEstimator.class, parsed(HypergradientEstimator::parse)));

    /** {@code fine-padded} for {@link KirigamiView#FINE_PADDED}. */
    public static String label(KirigamiView v) { return v.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'); }

    /** Writes {@code config} to {@code file} atomically. */
    public static void write(Path file, Object config) throws IOException { AtomicFile.write(file, tmp -> JSON.writeValue(tmp.toFile(), config)); }

    public static String toJson(Object config) {
        try {
            return JSON.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The configuration {@link #toJson} wrote; {@code what} ("search configuration") names it in the one-line error. */
    public static <T> T fromJson(String json, Class<T> type, String what) throws IOException {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new IOException("not a darts4j " + what + " (" + reason(e) + ")");
        }
    }

    /** The last commit whose config.json was flat (every option at the top level): run folders it wrote resume there. */
    public static final String LAST_FLAT = "dd0378f";

    /** The configuration in {@code file}; {@code folder} ("a search folder") says where config.json is expected. */
    public static <T> T read(Path file, Class<T> type, String what, String folder) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no such file (" + folder + " holds config.json)");
        try {
            JsonNode tree = JSON.readTree(file.toFile());
            if (tree != null && tree.path("dataset").isTextual())
                throw new IOException(file + ": a flat config.json of darts4j before typed configurations (\"dataset\" at the top, not under \"data\"):"
                        + " this version cannot continue it; finish it with darts4j at commit " + LAST_FLAT + " or start a new run folder");
            return JSON.treeToValue(tree, type);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(file + ": ")) throw e;
            throw new IOException(file + ": not a darts4j " + what + " (" + reason(e) + ")");
        }
    }

    /** The fields in which {@code b} differs from {@code a}, as "path: a vs b" ({@code alpha.lr: 0.003 vs 3.0E-4}). */
    public static List<String> differences(Object a, Object b) {
        List<String> d = new ArrayList<>();
        diff("", JSON.valueToTree(a), JSON.valueToTree(b), d);
        return d;
    }

    private static void diff(String path, JsonNode a, JsonNode b, List<String> out) {
        if (a != null && b != null && a.isObject() && b.isObject()) {
            List<String> names = new ArrayList<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(n -> { if (!names.contains(n)) names.add(n); });
            for (String n : names) diff(path.isEmpty() ? n : path + "." + n, a.get(n), b.get(n), out);
        } else if (!Objects.equals(a, b)) {
            out.add(path + ": " + text(a) + " vs " + text(b));
        }
    }

    private static String text(JsonNode n) { return n == null ? "(absent)" : n.isTextual() ? n.asText() : n.toString(); }

    /** The cause's own message where a constructor refused a value, else Jackson's first line. */
    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause())
            if (t instanceof IllegalArgumentException && t.getMessage() != null && !(t.getCause() instanceof JsonProcessingException)) return t.getMessage();
        String m = String.valueOf(e.getMessage());
        return m.lines().findFirst().orElse(m);
    }

    /** Every leaf of a configuration by its path ({@code alpha.lr}), as text: the values help texts show. */
    public static Map<String, Object> flat(Object config) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        flat("", JSON.valueToTree(config), m);
        return m;
    }

    private static void flat(String path, JsonNode n, Map<String, Object> out) {
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                var e = it.next();
                flat(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue(), out);
            }
        } else out.put(path, text(n));
    }

    private static <T> JsonSerializer<T> named(Function<T, String> name) {
        return new JsonSerializer<>() {
            @Override public void serialize(T value, JsonGenerator gen, SerializerProvider p) throws IOException { gen.writeString(name.apply(value)); }
        };
    }

    private static <T> JsonDeserializer<T> parsed(Function<String, T> parse) {
        return new JsonDeserializer<>() {
            @Override public T deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                if (!p.currentToken().isScalarValue()) throw new IllegalArgumentException("expected a name, got " + p.readValueAsTree());
                return parse.apply(p.getValueAsString());
            }
        };
    }
}

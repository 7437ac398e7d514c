package org.darts4j.darts.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Field;

/** Puts the options a command was given over a preset configuration, by the paths of their {@link Bind} annotations. */
public final class OptionBinding {
    private OptionBinding() {}

    /** {@code preset} with the value of every {@code @Bind} field of {@code options} that was given. */
    public static <T> T apply(T preset, Object options) { return apply(preset, options, "this " + preset.getClass().getSimpleName()); }

    /**
     * As {@link #apply(Object, Object)}; an option given whose component {@code preset} lacks (a forest's {@code --trees}
     * for a ResNet) is refused as not applying to {@code subject} ("--model resnet20").
     */
    @SuppressWarnings("unchecked")
    public static <T> T apply(T preset, Object options, String subject) {
        ObjectNode tree = ConfigJson.JSON.valueToTree(preset);
        for (Class<?> k = options.getClass(); k != Object.class; k = k.getSuperclass())
            for (Field f : k.getDeclaredFields()) {
                Bind b = f.getAnnotation(Bind.class);
                if (b == null) continue;
                f.setAccessible(true);
                Object v;
                try {
                    v = f.get(options);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (v == null || Boolean.FALSE.equals(v) && f.getType() == boolean.class) continue;
                ObjectNode node = tree;
                String[] path = b.value().split("\\.");
                for (int i = 0; i < path.length - 1 && node != null; i++) node = node.get(path[i]) instanceof ObjectNode o ? o : null;
                if (node == null || !node.has(path[path.length - 1])) throw new IllegalArgumentException(name(f) + " does not apply to " + subject);
                node.set(path[path.length - 1], ConfigJson.JSON.valueToTree(v));
            }
        try {
            return (T) ConfigJson.JSON.treeToValue(tree, preset.getClass());
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException(ConfigJson.reason(e));
        }
    }

    /** The field's longest option name ({@code --arch-lr}), or its Java name. */
    private static String name(Field f) {
        picocli.CommandLine.Option o = f.getAnnotation(picocli.CommandLine.Option.class);
        if (o == null || o.names().length == 0) return f.getName();
        String n = o.names()[0];
        for (String x : o.names()) if (x.length() > n.length()) n = x;
        return o.negatable() ? n.replaceFirst("^--no-", "--") : n;
    }
}

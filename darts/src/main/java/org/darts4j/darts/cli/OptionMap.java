package org.darts4j.darts.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Sets a command's options from a map read from an experiment file ({@code epochs: 6} is {@code --epochs 6}), so that an
 * experiment accepts exactly the options of {@code search} and {@code train}, with the same defaults and checks.
 */
final class OptionMap {
    private OptionMap() {}

    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    /** {@code command} with its defaults, then every value of {@code values}; {@code where} names the map in errors. */
    static <T> T apply(T command, Map<String, Object> values, String where, Set<String> reserved) {
        return apply(command, Map.of(where, values), reserved);
    }

    /** As {@link #apply(Object, Map, String, Set)} for several maps in order (later ones win), keyed by their names. */
    static <T> T apply(T command, Map<String, Map<String, Object>> sections, Set<String> reserved) {
        CommandLine cl = new CommandLine(command);
        cl.parseArgs();
        for (var section : sections.entrySet()) set(cl, section.getValue(), section.getKey(), reserved);
        return command;
    }

    private static void set(CommandLine cl, Map<String, Object> values, String where, Set<String> reserved) {
        for (var e : values.entrySet()) {
            String key = e.getKey();
            if (reserved.contains(key)) throw new IllegalArgumentException(where + "." + key + ": set by the experiment itself; leave it out");
            OptionSpec o = option(cl, key);
            if (o == null) {
                Set<String> names = new TreeSet<>();
                for (OptionSpec x : cl.getCommandSpec().options())
                    if (!x.usageHelp() && !x.versionHelp()) {
                        String n = x.longestName().replaceFirst("^--(no-)?", "");
                        if (!reserved.contains(n)) names.add(n);
                    }
                throw new IllegalArgumentException(where + "." + key + ": unknown field; expected one of " + names);
            }
            Object raw = e.getValue();
            boolean list = List.class.isAssignableFrom(o.type());
            if (list && raw instanceof String s) raw = List.of(s.split(","));
            else if (list && !(raw instanceof List)) raw = List.of(raw);
            JavaType t = list ? JSON.getTypeFactory().constructCollectionType(List.class, o.auxiliaryTypes()[0]) : JSON.getTypeFactory().constructType(o.type());
            Object v;
            try {
                v = JSON.convertValue(raw, t);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(where + "." + key + ": expected " + (list ? "a list of " + typeName(o.auxiliaryTypes()[0]) : typeName(o.type()))
                        + ", got " + raw);
            }
            o.setValue(v);
        }
    }

    /** A value type as a user writes it: {@code int}, not {@code Integer}. */
    private static String typeName(Class<?> type) {
        return java.lang.invoke.MethodType.methodType(type).unwrap().returnType().getSimpleName();
    }

    private static OptionSpec option(CommandLine cl, String key) {
        for (OptionSpec o : cl.getCommandSpec().options()) {
            if (o.usageHelp() || o.versionHelp()) continue;
            for (String n : o.names()) if (n.equals("--" + key) || (o.negatable() && n.equals("--no-" + key))) return o;
        }
        return null;
    }
}

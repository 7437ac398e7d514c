package org.darts4j.nn.layers;

import java.util.ArrayList;
import java.util.List;
import org.darts4j.autograd.Variable;
import org.darts4j.nn.Module;

/** {@code nn.ModuleList}: children named 0, 1, 2, ... held for their parameters; the owner decides how to call them. */
public final class ModuleList<M extends Module> extends Module {
    private final List<M> items = new ArrayList<>();

    public ModuleList<M> add(M m) {
        registerModule(String.valueOf(items.size()), m);
        items.add(m);
        return this;
    }

    public M get(int i) { return items.get(i); }

    public int size() { return items.size(); }

    public List<M> items() { return List.copyOf(items); }

    @Override public Variable forward(Variable x) {
        throw new UnsupportedOperationException("a ModuleList has no forward of its own; call its items");
    }
}

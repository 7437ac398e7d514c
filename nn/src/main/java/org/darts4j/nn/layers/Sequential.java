package org.darts4j.nn.layers;

import org.darts4j.autograd.Variable;
import org.darts4j.nn.Module;

/** {@code nn.Sequential}: children named 0, 1, 2, ... applied in order. */
public final class Sequential extends Module {
    private int count;

    public Sequential(Module... modules) { for (Module m : modules) add(m); }

    public Sequential add(Module m) {
        registerModule(String.valueOf(count++), m);
        return this;
    }

    @Override public Variable forward(Variable x) { return forwardFrom(0, x); }

    /** The children from index {@code first} on applied to x (the ones before it skipped). */
    public Variable forwardFrom(int first, Variable x) {
        int i = 0;
        for (Module m : children().values()) if (i++ >= first) x = m.forward(x);
        return x;
    }
}

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

    @Override public Variable forward(Variable x) {
        for (Module m : children().values()) x = m.forward(x);
        return x;
    }
}

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

    /**
     * The children from index {@code first} on applied to x (the ones before it skipped). Each intermediate result is
     * dropped once the next child has read it ({@link Variable#drop}): inside a training step its memory goes back as
     * soon as no backward rule needs it, as PyTorch frees a Sequential's intermediates.
     */
    public Variable forwardFrom(int first, Variable x) {
        int i = 0;
        Variable in = x;
        for (Module m : children().values()) {
            if (i++ < first) continue;
            Variable y = m.forward(x);
            if (x != in && x != y) x.drop();
            x = y;
        }
        return x;
    }
}

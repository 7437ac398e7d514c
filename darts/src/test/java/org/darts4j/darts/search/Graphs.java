package org.darts4j.darts.search;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.darts4j.autograd.Variable;

/** For tests: what the autograd graph behind a result holds. */
public final class Graphs {
    private Graphs() {}

    /** The number of distinct nodes of operation {@code op} in the graph that computed {@code out}. */
    public static int count(Variable out, String op) {
        Set<Variable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Variable> todo = new ArrayDeque<>(List.of(out));
        int n = 0;
        while (!todo.isEmpty()) {
            Variable v = todo.pop();
            if (!seen.add(v)) continue;
            if (op.equals(v.op())) n++;
            todo.addAll(v.inputs());
        }
        return n;
    }
}

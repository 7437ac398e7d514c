package org.darts4j.darts.search.method;

import java.util.ArrayList;
import java.util.List;
import org.darts4j.autograd.Variable;

/**
 * The states of one cell in one forward pass (state 0 and 1 the preprocessed inputs, state i+2 node i), with what the
 * edges leaving a state share, computed once per state rather than once per edge: ReLU(x_j), which the convolutions
 * and the factorized skip all begin with, and for partial channels the split x_j = (x_j[:, :q], x_j[:, q:]).
 */
public final class CellStates {
    private final List<Variable> states = new ArrayList<>();
    private final List<Variable> relus = new ArrayList<>(), heads = new ArrayList<>(), headRelus = new ArrayList<>(), tails = new ArrayList<>();

    public CellStates(Variable s0, Variable s1) {
        add(s0);
        add(s1);
    }

    /** Appends the next state (node i's output, state i+2). */
    public void add(Variable s) {
        states.add(s);
        relus.add(null);
        heads.add(null);
        headRelus.add(null);
        tails.add(null);
    }

    public int size() { return states.size(); }

    public Variable get(int j) { return states.get(j); }

    /** The last {@code n} states, the cell's output before concatenation. */
    public List<Variable> last(int n) { return states.subList(states.size() - n, states.size()); }

    /** ReLU(x_j). */
    public Variable relu(int j) {
        if (relus.get(j) == null) relus.set(j, states.get(j).relu());
        return relus.get(j);
    }

    /** x_j[:, :q], the channels that pass through the mixed operation. */
    public Variable head(int j, int q) {
        if (heads.get(j) == null) heads.set(j, states.get(j).slice(1, 0, q, 1));
        return heads.get(j);
    }

    /** ReLU(x_j[:, :q]). */
    public Variable headRelu(int j, int q) {
        if (headRelus.get(j) == null) headRelus.set(j, head(j, q).relu());
        return headRelus.get(j);
    }

    /**
     * Drops every state and what was derived from them ({@link Variable#drop}) once the cell's output is made: the
     * states are the cell's own (state 0 and 1 its preprocessed inputs), so their memory can go back in a training step.
     */
    public void drop() {
        for (List<Variable> l : List.of(relus, heads, headRelus, tails, states))
            for (Variable v : l) if (v != null) v.drop();
    }

    /** x_j[:, q:], the channels that bypass the mixed operation. */
    public Variable tail(int j, int q) {
        if (tails.get(j) == null) tails.set(j, states.get(j).slice(1, q, states.get(j).size(1), 1));
        return tails.get(j);
    }
}

package org.darts4j.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.darts4j.tensor.Recycling;
import org.darts4j.tensor.Storage;
import org.darts4j.tensor.Tensor;

/**
 * Reverse mode over the recorded graph: one topological sort, then each operation's backward rule in reverse order,
 * accumulating with {@code +} where a variable feeds several operations. With {@code createGraph}, the backward rules
 * are themselves recorded, so the returned gradients can be differentiated again.
 */
public final class Autograd {
    private Autograd() {}

    /**
     * The gradients of {@code Σ_i ⟨outputs[i], gradOutputs[i]⟩} with respect to each of {@code inputs}, like
     * {@code torch.autograd.grad}. An input the outputs do not depend on gets zeros. Leaves' {@code grad} fields are
     * not touched.
     */
    public static List<Variable> grad(List<Variable> outputs, List<Variable> inputs, List<Variable> gradOutputs, boolean createGraph) {
        return grad(outputs, inputs, gradOutputs, createGraph, false);
    }

    /** {@link #grad(List, List, List, boolean)}, the graph freed as the pass goes when {@code release}. */
    private static List<Variable> grad(List<Variable> outputs, List<Variable> inputs, List<Variable> gradOutputs, boolean createGraph,
                                       boolean release) {
        Set<Variable> targets = Collections.newSetFromMap(new IdentityHashMap<>());
        targets.addAll(inputs);
        Map<Variable, Variable> grads = propagate(outputs, gradOutputs, targets, createGraph, release);
        List<Variable> out = new ArrayList<>(inputs.size());
        for (Variable in : inputs) {
            Variable g = grads.get(in);
            if (g == null) g = Variable.constant(Tensor.zerosLike(in.data()));
            out.add(createGraph ? g : g.detach());
        }
        return out;
    }

    /**
     * The gradient of a scalar {@code output} with respect to each of {@code inputs}, freeing the graph as the pass goes
     * ({@code torch.autograd.grad} with {@code retain_graph=False}): the graph cannot be differentiated again, and
     * inside a training step's scope ({@link Recycling#openStep}) its large values are handed back as backward() does.
     */
    public static List<Variable> gradFreeingGraph(Variable output, List<Variable> inputs) {
        return grad(List.of(output), inputs, List.of(unitSeed(output)), false, true);
    }

    /** The gradient of a scalar {@code output} with respect to each of {@code inputs}. */
    public static List<Variable> grad(Variable output, List<Variable> inputs, boolean createGraph) {
        return grad(List.of(output), inputs, List.of(unitSeed(output)), createGraph);
    }

    /** d output / d output = 1 for a scalar output (else an error: a tensor output needs its gradOutputs). */
    private static Variable unitSeed(Variable output) {
        if (output.data().numel() != 1)
            throw new IllegalArgumentException("grad: output of shape " + output.shape() + " is not a scalar; pass gradOutputs");
        return Variable.constant(Tensor.fullLike(output.data(), 1.0));
    }

    /**
     * The Hessian-vector product {@code H v = ∇_x ⟨∇_x f, v⟩} of a scalar {@code f} with respect to {@code params},
     * by double backpropagation.
     */
    public static List<Variable> hessianVectorProduct(Variable f, List<Variable> params, List<Variable> v) {
        if (params.size() != v.size()) throw new IllegalArgumentException("hvp: " + params.size() + " parameters but " + v.size() + " vectors");
        List<Variable> g = grad(f, params, true);
        Variable dot = null;
        for (int i = 0; i < g.size(); i++) {
            Variable term = g.get(i).mul(v.get(i).detach()).sum();
            dot = dot == null ? term : dot.add(term);
        }
        if (dot == null || !dot.requiresGrad()) {
            List<Variable> zeros = new ArrayList<>();
            for (Variable p : params) zeros.add(Variable.constant(Tensor.zerosLike(p.data())));
            return zeros;
        }
        return grad(dot, params, false);
    }

    static void backward(List<Variable> outputs, List<Variable> gradOutputs, boolean createGraph) {
        Map<Variable, Variable> grads = propagate(outputs, gradOutputs, null, createGraph, !createGraph);
        for (Map.Entry<Variable, Variable> e : grads.entrySet()) {
            Variable v = e.getKey();
            if (!v.isLeaf() || !v.requiresGrad()) continue;
            Variable g = createGraph ? e.getValue() : e.getValue().detach();
            if (v.grad() == null) v.setGrad(g);
            else {
                try (var s = createGraph ? GradMode.enableGrad() : GradMode.noGrad()) {
                    v.setGrad(v.grad().add(g));
                }
            }
        }
    }

    /**
     * Runs the backward rules. With {@code targets == null} every variable that requires a gradient is wanted; else
     * only the targets and what lies between them and the outputs.
     */
    private static Map<Variable, Variable> propagate(List<Variable> outputs, List<Variable> gradOutputs,
                                                     Set<Variable> targets, boolean createGraph, boolean release) {
        if (outputs.size() != gradOutputs.size())
            throw new IllegalArgumentException("grad: " + outputs.size() + " outputs but " + gradOutputs.size() + " output gradients");
        for (int i = 0; i < outputs.size(); i++) {
            if (!outputs.get(i).shape().equals(gradOutputs.get(i).shape()))
                throw new IllegalArgumentException("grad: output " + i + " has shape " + outputs.get(i).shape()
                        + " but its gradient has shape " + gradOutputs.get(i).shape());
        }
        List<Variable> order = topologicalOrder(outputs);
        IdentityHashMap<Variable, Boolean> needed = new IdentityHashMap<>();
        for (Variable v : order) {
            boolean need;
            if (targets == null) need = v.requiresGrad();
            else {
                need = targets.contains(v);
                if (v.inputs != null) for (Variable in : v.inputs) need |= Boolean.TRUE.equals(needed.get(in));
            }
            needed.put(v, need);
        }
        Recycling step = Recycling.current();
        GraphValues values = release && step != null && step.recyclesGraphValues() ? new GraphValues(order, outputs, step) : null;
        Gradients grads = new Gradients();
        // Without createGraph the gradients are plain values that only the map holds: what the map lets go of, and
        // what this pass allocated, is recycled (Recycling); with createGraph they belong to the new graph.
        try (var mode = createGraph ? GradMode.enableGrad() : GradMode.noGrad(); var scope = createGraph ? null : Recycling.open()) {
            grads.scope = scope;
            for (int i = 0; i < outputs.size(); i++) accumulate(grads, outputs.get(i), gradOutputs.get(i));
            for (int k = order.size() - 1; k >= 0; k--) {
                Variable v = order.get(k);
                if (release) {   // as PyTorch without retain_graph: what this node kept for backward can go once it has run
                    order.set(k, null);
                    Boolean need = needed.remove(v);
                    if (!v.isLeaf() && Boolean.TRUE.equals(need)) {
                        try {
                            backwardOne(v, grads, needed, targets);
                        } finally {
                            v.release();
                        }
                    }
                    if (values != null) values.consumed(v, grads);
                    continue;
                }
                if (v.isLeaf() || !needed.get(v)) continue;
                backwardOne(v, grads, needed, targets);
            }
        }
        return grads.map;
    }

    /** How deep the calling thread is in backward rules: they read the values they kept, dropped or not. */
    private static final ThreadLocal<int[]> IN_RULE = ThreadLocal.withInitial(() -> new int[1]);

    /** Whether the calling thread runs a backward rule (where reading a dropped variable's kept value is right). */
    static boolean inBackwardRule() { return IN_RULE.get()[0] > 0; }

    /** Runs {@code v}'s backward rule on its accumulated gradient and adds the results to its inputs'. */
    private static void backwardOne(Variable v, Gradients grads, Map<Variable, Boolean> needed, Set<Variable> targets) {
        Variable g = grads.get(v);
        if (g == null) return;
        if (v.released()) throw new IllegalStateException("backward through " + v.op + " a second time: backward() frees the graph as it goes; "
                + "use Autograd.grad to differentiate one graph several times");
        boolean[] needs = new boolean[v.inputs.length];
        boolean any = false;
        for (int i = 0; i < needs.length; i++) {
            needs[i] = v.inputs[i].requiresGrad() && Boolean.TRUE.equals(needed.get(v.inputs[i]));
            any |= needs[i];
        }
        if (!any) return;
        int[] depth = IN_RULE.get();
        Variable[] gi;
        depth[0]++;
        try {
            gi = v.backward.apply(g, v, needs);
        } finally {
            depth[0]--;
        }
        for (int i = 0; i < needs.length; i++) {
            if (!needs[i] || gi[i] == null) continue;
            if (!gi[i].shape().equals(v.inputs[i].shape()))
                throw new IllegalStateException("backward of " + v.op + " gave a gradient of shape " + gi[i].shape()
                        + " for an input of shape " + v.inputs[i].shape());
            accumulate(grads, v.inputs[i], gi[i]);
        }
        if (targets == null || !targets.contains(v)) grads.remove(v);
        // after every input has its share: a gradient shared by two inputs is referred to until both have it
        grads.recycleUnreferenced(g);
        for (Variable x : gi) if (x != null) grads.recycleUnreferenced(x);
    }

    private static void accumulate(Gradients grads, Variable v, Variable g) {
        Variable old = grads.get(v);
        if (old == null) { grads.put(v, g); return; }
        grads.put(v, old.add(g));
        grads.recycleUnreferenced(old);
    }

    /**
     * The gradient map of one backward pass, counting the entries over each storage (a gradient and its views share
     * one). A gradient whose storage no entry refers to any more is dead (without createGraph the backward rules keep
     * nothing), and {@link #recycleUnreferenced} hands it back when this pass allocated it; the gradients the pass
     * returns stay in the map and are never handed back, nor is anything allocated before it (the output gradients,
     * the forward values a rule may pass on).
     */
    private static final class Gradients {
        final IdentityHashMap<Variable, Variable> map = new IdentityHashMap<>();
        private final IdentityHashMap<Storage, int[]> entries = new IdentityHashMap<>();
        Recycling scope;

        Variable get(Variable v) { return map.get(v); }

        void put(Variable v, Variable g) {
            Variable old = map.put(v, g);
            entries.computeIfAbsent(g.data().storage(), s -> new int[1])[0]++;
            if (old != null) forget(old);
        }

        void remove(Variable v) {
            Variable old = map.remove(v);
            if (old != null) forget(old);
        }

        private void forget(Variable g) {
            Storage s = g.data().storage();
            int[] n = entries.get(s);
            if (n != null && --n[0] == 0) entries.remove(s);
        }

        /** Whether a gradient in the map lies on {@code s}. */
        boolean refersTo(Storage s) { return entries.containsKey(s); }

        void recycleUnreferenced(Variable g) {
            if (scope != null && !entries.containsKey(g.data().storage())) scope.recycle(g.data());
        }
    }

    /**
     * The values of the graph that a backward pass inside a training step's scope ({@link Recycling#openStep}) hands
     * back: a value's storage goes once every operation of the graph whose value lies on it (a view shares its base's
     * storage) has been run backward, since the operations that read it (its consumers) run before it; never a storage
     * that a leaf or an output of the pass lies on, one a gradient of the pass still lies on, one the step did not
     * allocate, nor one under {@link Recycling#MIN_VALUE_ELEMENTS} elements.
     */
    private static final class GraphValues {
        private final IdentityHashMap<Storage, int[]> pending = new IdentityHashMap<>();
        private final Set<Storage> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        private final Recycling step;

        GraphValues(List<Variable> order, List<Variable> outputs, Recycling step) {
            this.step = step;
            for (Variable v : order) {
                Storage s = v.data().storage();
                if (v.isLeaf()) kept.add(s);
                else pending.computeIfAbsent(s, x -> new int[1])[0]++;
            }
            for (Variable out : outputs) kept.add(out.data().storage());
        }

        /** {@code v} has been run backward (or skipped): its value's storage goes when no other operation's lies on it. */
        void consumed(Variable v, Gradients grads) {
            if (v.isLeaf()) return;
            Tensor value = v.data();
            Storage s = value.storage();
            int[] n = pending.get(s);
            if (n == null || --n[0] > 0) return;
            pending.remove(s);
            if (!kept.contains(s) && s.length() >= Recycling.MIN_VALUE_ELEMENTS && !grads.refersTo(s)) step.recycle(value);
        }
    }

    /** Every variable reachable from the outputs, each after all of its inputs (iterative depth-first search). */
    static List<Variable> topologicalOrder(List<Variable> outputs) {
        List<Variable> order = new ArrayList<>();
        Set<Variable> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        for (Variable out : outputs) {
            if (!visited.add(out)) continue;
            stack.push(new Object[] {out, 0});
            while (!stack.isEmpty()) {
                Object[] top = stack.peek();
                Variable v = (Variable) top[0];
                int next = (Integer) top[1];
                if (v.inputs != null && next < v.inputs.length) {
                    top[1] = next + 1;
                    Variable in = v.inputs[next];
                    if (visited.add(in)) stack.push(new Object[] {in, 0});
                } else {
                    stack.pop();
                    order.add(v);
                }
            }
        }
        return order;
    }
}

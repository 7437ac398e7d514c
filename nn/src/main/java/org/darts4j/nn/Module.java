package org.darts4j.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.darts4j.autograd.Variable;
import org.darts4j.tensor.Backend;
import org.darts4j.tensor.Tensor;

/**
 * A layer or a network: named parameters, buffers (such as batch-norm running statistics) and child modules, in
 * registration order. {@link #stateDict()} names follow PyTorch's {@code state_dict} convention ({@code stem.0.weight},
 * {@code cells.3._ops.2.op.1.weight}), so weights move between darts4j and PyTorch by name.
 */
public abstract class Module {
    private final Map<String, Variable> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** The forward computation. */
    public abstract Variable forward(Variable x);

    protected final Variable registerParameter(String name, Tensor value) {
        check(name);
        Variable p = Variable.parameter(value);
        parameters.put(name, p);
        return p;
    }

    protected final Tensor registerBuffer(String name, Tensor value) {
        check(name);
        buffers.put(name, value);
        return value;
    }

    protected final <M extends Module> M registerModule(String name, M module) {
        check(name);
        children.put(name, module);
        return module;
    }

    private void check(String name) {
        if (name.isEmpty() || name.contains(".")) throw new IllegalArgumentException("bad name '" + name + "': names are non-empty and have no dots");
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name))
            throw new IllegalArgumentException("name '" + name + "' is already registered in " + getClass().getSimpleName());
    }

    /** A buffer of this module by its own name (buffers are replaced when the module moves: do not keep them in fields). */
    protected final Tensor buffer(String name) {
        Tensor t = buffers.get(name);
        if (t == null) throw new IllegalArgumentException(getClass().getSimpleName() + " has no buffer '" + name + "'");
        return t;
    }

    /**
     * Moves every parameter and buffer of this module and its descendants to {@code b}'s device, in place (PyTorch's
     * {@code module.to(device)}). Subclasses holding parameters outside the registry move them too.
     */
    public Module to(Backend b) {
        parameters.values().forEach(p -> p.setData(p.data().to(b)));
        buffers.replaceAll((k, t) -> t.to(b));
        children.values().forEach(m -> m.to(b));
        return this;
    }

    /** Direct children, by name. */
    public final Map<String, Module> children() { return Collections.unmodifiableMap(children); }

    /** Every parameter of this module and its descendants, by dotted name, in registration order. */
    public final Map<String, Variable> namedParameters() {
        Map<String, Variable> out = new LinkedHashMap<>();
        collect("", out, null);
        return out;
    }

    public final List<Variable> parameters() { return new ArrayList<>(namedParameters().values()); }

    /** Every buffer, by dotted name. */
    public final Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", null, out);
        return out;
    }

    /**
     * A copy of every buffer now; running the returned action writes the copies back (for analyses whose forward
     * passes in training mode update batch-norm running statistics).
     */
    public final Runnable saveBuffers() {
        Map<String, Tensor> bufs = namedBuffers(), saved = new LinkedHashMap<>();
        bufs.forEach((k, t) -> saved.put(k, t.copy()));
        return () -> saved.forEach((k, t) -> bufs.get(k).assign(t));
    }

    private void collect(String prefix, Map<String, Variable> params, Map<String, Tensor> bufs) {
        if (params != null) parameters.forEach((k, v) -> params.put(prefix + k, v));
        if (bufs != null) buffers.forEach((k, v) -> bufs.put(prefix + k, v));
        children.forEach((k, m) -> m.collect(prefix + k + ".", params, bufs));
    }

    /** Parameters and buffers by name, in PyTorch's order (a module's own parameters, then buffers, then children). */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        state("", out);
        return out;
    }

    private void state(String prefix, Map<String, Tensor> out) {
        parameters.forEach((k, v) -> out.put(prefix + k, v.data()));
        buffers.forEach((k, v) -> out.put(prefix + k, v));
        children.forEach((k, m) -> m.state(prefix + k + ".", out));
    }

    /**
     * Copies values in by name. With {@code strict}, every name must match both ways; shapes must always match. The
     * message names the first offending entry.
     */
    public final void loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Variable> params = namedParameters();
        Map<String, Tensor> bufs = namedBuffers();
        if (strict) {
            for (String k : state.keySet())
                if (!params.containsKey(k) && !bufs.containsKey(k))
                    throw new IllegalArgumentException("state dict has '" + k + "', which " + getClass().getSimpleName() + " does not have");
            for (String k : params.keySet())
                if (!state.containsKey(k)) throw new IllegalArgumentException("state dict lacks parameter '" + k + "'");
            for (String k : bufs.keySet())
                if (!state.containsKey(k)) throw new IllegalArgumentException("state dict lacks buffer '" + k + "'");
        }
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            Variable p = params.get(e.getKey());
            Tensor target = p != null ? p.data() : bufs.get(e.getKey());
            if (target == null) continue;
            if (!target.shape().equals(e.getValue().shape()))
                throw new IllegalArgumentException("'" + e.getKey() + "' has shape " + e.getValue().shape() + ", expected " + target.shape());
            if (p != null) p.setData(e.getValue().to(target.dtype()).to(target.backend()).copy());
            else target.assign(e.getValue().to(target.dtype()));
        }
    }

    /** Training mode (batch statistics, dropout) for this module and its descendants. */
    public final Module train() { setTraining(true); return this; }

    /** Evaluation mode (running statistics, no dropout). */
    public final Module eval() { setTraining(false); return this; }

    private void setTraining(boolean t) {
        training = t;
        children.values().forEach(m -> m.setTraining(t));
    }

    public final boolean isTraining() { return training; }

    /** Number of parameter values (buffers excluded), as {@code sum(p.numel() for p in parameters())}. */
    public final long parameterCount() {
        long n = 0;
        for (Variable p : namedParameters().values()) n += p.data().numel();
        return n;
    }

    /** Forgets every parameter's gradient. */
    public final void zeroGrad() { namedParameters().values().forEach(Variable::zeroGrad); }
}

package org.darts4j.nn.optim;

import java.util.List;
import java.util.Map;
import org.darts4j.autograd.Variable;
import org.darts4j.tensor.Tensor;

/** Updates parameters from their gradients, with PyTorch's semantics. Its state goes into checkpoints. */
public interface Optimizer {
    /** One update of every parameter that has a gradient. */
    void step();

    List<Variable> parameters();

    default void zeroGrad() { parameters().forEach(Variable::zeroGrad); }

    double lr();

    void setLr(double lr);

    /** Buffers by name ({@code state.I.momentum_buffer}, {@code state.I.exp_avg}, ...; I is the parameter's index). */
    Map<String, Tensor> state();

    void loadState(Map<String, Tensor> state);
}

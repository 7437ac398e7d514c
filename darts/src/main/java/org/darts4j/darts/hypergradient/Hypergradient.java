package org.darts4j.darts.hypergradient;

import java.util.List;
import org.darts4j.tensor.Tensor;

/** An estimate of the architecture gradient: one tensor per α, and the validation loss at the point it was taken. */
public record Hypergradient(List<Tensor> alphaGrads, double valLoss) {}

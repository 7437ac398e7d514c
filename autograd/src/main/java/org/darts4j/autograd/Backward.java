package org.darts4j.autograd;

/**
 * The local derivative of one operation: given the gradient {@code g} of the output {@code out}, the gradients of
 * the inputs, written with differentiable {@link Variable} operations so that they can be differentiated again.
 * An entry may be null where {@code needs} is false.
 */
@FunctionalInterface
interface Backward {
    Variable[] apply(Variable g, Variable out, boolean[] needs);
}

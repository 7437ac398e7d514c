package org.darts4j.tensor;

/** Reductions over a set of dimensions. */
public enum ReduceOp { SUM, MAX }

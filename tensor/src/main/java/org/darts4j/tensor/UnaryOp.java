package org.darts4j.tensor;

/** Element-wise functions of one tensor. {@code STEP} is 1 where x &gt; 0, else 0 (the derivative of relu). */
public enum UnaryOp { NEG, EXP, LOG, SQRT, RSQRT, RELU, STEP, ABS, SIGN, RECIPROCAL, SQUARE }

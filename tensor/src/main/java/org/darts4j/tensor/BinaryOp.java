package org.darts4j.tensor;

/** Element-wise functions of two broadcast tensors. {@code GT} and {@code EQ} give 1 or 0. */
/** {@code WHERE_POSITIVE}: a where b &gt; 0, else 0 (relu's backward, g masked by the input, in one pass). */
public enum BinaryOp { ADD, SUB, MUL, DIV, POW, MAXIMUM, GT, EQ, WHERE_POSITIVE }

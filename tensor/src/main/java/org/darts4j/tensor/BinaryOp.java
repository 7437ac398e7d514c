package org.darts4j.tensor;

/** Element-wise functions of two broadcast tensors. {@code GT} and {@code EQ} give 1 or 0. */
public enum BinaryOp { ADD, SUB, MUL, DIV, POW, MAXIMUM, GT, EQ }

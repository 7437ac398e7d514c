package org.darts4j.tensor;

/** Element types. Float64 is for checking and studying the mathematics, float32 for speed. */
public enum DType {
    FLOAT32(4, "float32", "<f4"),
    FLOAT64(8, "float64", "<f8");

    private final int bytes;
    private final String label;
    private final String npyDescr;

    DType(int bytes, String label, String npyDescr) {
        this.bytes = bytes;
        this.label = label;
        this.npyDescr = npyDescr;
    }

    public int bytes() { return bytes; }

    /** The NumPy type string, little-endian ({@code <f4}, {@code <f8}). */
    public String npyDescr() { return npyDescr; }

    /** Parses {@code float32} or {@code float64}; the message names the accepted values. */
    public static DType parse(String s) {
        for (DType t : values()) if (t.label.equalsIgnoreCase(s)) return t;
        throw new IllegalArgumentException("unknown dtype '" + s + "': expected float32 or float64");
    }

    @Override public String toString() { return label; }
}

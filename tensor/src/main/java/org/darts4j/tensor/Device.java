package org.darts4j.tensor;

/** Where a tensor's storage lives: {@code cpu}, or a numbered accelerator such as {@code cuda:0}. */
public record Device(String kind, int index) {
    public static final Device CPU = new Device("cpu", 0);

    @Override public String toString() { return kind.equals("cpu") ? "cpu" : kind + ":" + index; }
}

package org.darts4j.tensor.io;

import java.io.IOException;

/** A file that is not valid NPY or NPZ; the message names the file and what was wrong. */
public final class NpyFormatException extends IOException {
    public NpyFormatException(String message) { super(message); }
}

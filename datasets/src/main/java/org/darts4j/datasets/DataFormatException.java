package org.darts4j.datasets;

import java.io.IOException;

/** A data file that is not what its format says: the message names the file, the offset or line, and what was expected. */
public final class DataFormatException extends IOException {
    public DataFormatException(String message) { super(message); }
}

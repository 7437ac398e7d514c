package org.darts4j.darts.train;

/** A non-finite loss: the run stops, keeping its last good checkpoint. */
public final class TrainingDivergedException extends RuntimeException {
    public TrainingDivergedException(String message) { super(message); }
}

package org.darts4j.datasets;

/**
 * What the examples of a data set are labelled with: a class out of {@code classes}, or a vector of
 * {@code targets} real values (regression).
 */
public record Task(Kind kind, int size, java.util.List<String> names) {
    public enum Kind { CLASSIFICATION, REGRESSION }

    public static Task classification(int classes, java.util.List<String> classNames) {
        if (classes < 1) throw new IllegalArgumentException("a classification task needs at least one class, got " + classes);
        return new Task(Kind.CLASSIFICATION, classes, classNames);
    }

    public static Task regression(java.util.List<String> targetNames) {
        if (targetNames.isEmpty()) throw new IllegalArgumentException("a regression task needs at least one target");
        return new Task(Kind.REGRESSION, targetNames.size(), targetNames);
    }

    public boolean isClassification() { return kind == Kind.CLASSIFICATION; }

    /** Number of classes (classification) or of target values (regression). */
    public int outputs() { return size; }
}

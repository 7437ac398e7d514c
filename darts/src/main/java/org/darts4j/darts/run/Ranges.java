package org.darts4j.darts.run;

/**
 * The ranges of a run's numeric settings, checked when a configuration is made (from the command line, from Java or
 * from a config.json): a value outside is refused in one line naming the option and what was expected, instead of
 * being used (a negative subset meaning "everything", a momentum of 2 diverging).
 */
public final class Ranges {
    private Ranges() {}

    /** {@code value >= min}. */
    public static void atLeast(String option, double value, double min) {
        if (!(value >= min)) throw refused(option, "at least " + plain(min), value);
    }

    /** {@code value > 0} and finite. */
    public static void positive(String option, double value) {
        if (!(value > 0 && Double.isFinite(value))) throw refused(option, "a positive finite number", value);
    }

    /** {@code min <= value < max}. */
    public static void inHalfOpen(String option, double value, double min, double max) {
        if (!(value >= min && value < max)) throw refused(option, "a value in [" + plain(min) + ", " + plain(max) + ")", value);
    }

    /** {@code min < value < max}. */
    public static void inOpen(String option, double value, double min, double max) {
        if (!(value > min && value < max)) throw refused(option, "a value in (" + plain(min) + ", " + plain(max) + ")", value);
    }

    /** {@code min < value <= max}. */
    public static void inLeftOpen(String option, double value, double min, double max) {
        if (!(value > min && value <= max)) throw refused(option, "a value in (" + plain(min) + ", " + plain(max) + "]", value);
    }

    private static IllegalArgumentException refused(String option, String expected, double value) {
        return new IllegalArgumentException(option + ": expected " + expected + ", got " + plain(value));
    }

    private static String plain(double v) { return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v); }
}

package org.darts4j.darts.conformance;

import java.util.Locale;

/** The outcome of one conformance case: its name, status, largest absolute error and a short detail. */
public record CaseResult(String name, Status status, double maxError, String detail) {
    public enum Status { PASS, FAIL, SKIP }

    /** One line: name, pass/fail/skip, largest error (or the reason). */
    public String line() {
        return switch (status) {
            case PASS -> String.format(Locale.ROOT, "%-40s pass  max abs error %.3e", name, maxError);
            case FAIL -> String.format(Locale.ROOT, "%-40s FAIL  max abs error %.3e  %s", name, maxError, detail);
            case SKIP -> String.format(Locale.ROOT, "%-40s skip  %s", name, detail);
        };
    }
}

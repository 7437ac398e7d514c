package org.darts4j.gpu;


/** What the GPU backends tell a user when a device does not start: the missing library, on one line. */
final class Probes {
    private Probes() {}

    private static final java.util.regex.Pattern MISSING_LIBRARY =
            java.util.regex.Pattern.compile("([A-Za-z0-9_.+-]+\\.so[0-9.]*): cannot open shared object file");

    /** The cause of a failure on one short line: the missing library when a native one did not load. */
    static String reason(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            java.util.regex.Matcher m = MISSING_LIBRARY.matcher(String.valueOf(c.getMessage()));
            if (m.find()) return m.group(1) + " not found" + (m.group(1).startsWith("libcuda.") ? " (no NVIDIA driver)" : "");
        }
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) c = c.getCause();
        String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getClass().getSimpleName() + ": " + c.getMessage();
        m = m.replaceAll("\\s+", " ").trim();
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }
}

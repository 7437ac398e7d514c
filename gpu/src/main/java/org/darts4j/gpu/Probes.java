package org.darts4j.gpu;


/** What the GPU backends tell a user when a device does not start: the missing library, the registered OpenCL drivers. */
final class Probes {
    private Probes() {}

    /** The OpenCL drivers registered with the ICD loader (/etc/OpenCL/vendors/*.icd): PoCL's is {@code pocl.icd}. */
    static java.util.List<String> openClDrivers() {
        java.nio.file.Path dir = java.nio.file.Path.of("/etc/OpenCL/vendors");
        if (!java.nio.file.Files.isDirectory(dir)) return java.util.List.of();
        try (var s = java.nio.file.Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".icd")).sorted().toList();
        } catch (java.io.IOException e) {
            return java.util.List.of();
        }
    }

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

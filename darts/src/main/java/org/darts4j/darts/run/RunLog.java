package org.darts4j.darts.run;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A run folder's {@code log.txt}: what the run printed, appended run after run (a resumed run continues it), whatever
 * the console shows ({@code --quiet} silences the console, not the file).
 */
public final class RunLog {
    private RunLog() {}

    public static final String FILE = "log.txt";

    /** A stream printing to {@code console} and appending to {@code dir/log.txt}; closing it closes the file only. */
    public static PrintStream tee(PrintStream console, Path dir) throws IOException {
        OutputStream file = Files.newOutputStream(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        OutputStream both = new OutputStream() {
            @Override public void write(int b) throws IOException {
                console.write(b);
                file.write(b);
            }

            @Override public void write(byte[] b, int off, int len) throws IOException {
                console.write(b, off, len);
                file.write(b, off, len);
            }

            @Override public void flush() throws IOException {
                console.flush();
                file.flush();
            }

            @Override public void close() throws IOException {
                console.flush();
                file.close();
            }
        };
        return new PrintStream(both, true, StandardCharsets.UTF_8);
    }
}

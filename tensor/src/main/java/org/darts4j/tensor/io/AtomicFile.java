package org.darts4j.tensor.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that no reader ever sees it half written: the content goes to a temporary file beside the target,
 * which is renamed into place (atomically where the file system can) only when the writer has finished without error.
 * On any error the temporary file is removed and the target is left as it was.
 */
public final class AtomicFile {
    private AtomicFile() {}

    /** Writes the content of the file at the given (temporary) path. */
    @FunctionalInterface
    public interface Writer { void writeTo(Path tmp) throws IOException; }

    public static void write(Path target, Writer writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            writer.writeTo(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

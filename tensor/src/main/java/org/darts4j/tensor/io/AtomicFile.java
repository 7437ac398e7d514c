package org.darts4j.tensor.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that no reader ever sees it half written: the content goes to a temporary file beside the target,
 * which is renamed into place (atomically where the file system can) only when the writer has finished without error.
 * On any error the temporary file is removed and the target is left as it was.
 *
 * <p>Only regular files are replaced. A symbolic link is followed and the file it names is written (the link stays a
 * link); a target that is a directory, a device, a FIFO or a socket, or a link to one, is refused before anything is
 * written: renaming over {@code /dev/null} as root would replace the device node.
 */
public final class AtomicFile {
    private AtomicFile() {}

    /** Writes the content of the file at the given (temporary) path. */
    @FunctionalInterface
    public interface Writer { void writeTo(Path tmp) throws IOException; }

    /** The suffix of the temporary files; a run folder's stray ones (left by a killed writer) end with it. */
    public static final String TMP_SUFFIX = ".tmp";

    public static void write(Path target, Writer writer) throws IOException {
        Path resolved = regularTarget(target);
        Path dir = resolved.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + resolved.getFileName(), TMP_SUFFIX);
        try {
            try {
                writer.writeTo(tmp);
            } catch (IOException e) {
                throw named(target, e);
            }
            try {
                Files.move(tmp, resolved, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, resolved, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * A writer's plain I/O error (a full disk, an image encoder's "I/O error writing PNG file!") named with the file it
     * was writing and its deepest cause; errors of the data's own kinds (subclasses of IOException such as a format
     * error) pass unchanged.
     */
    private static IOException named(Path target, IOException e) {
        if (e.getClass() != IOException.class && !e.getClass().getName().equals("javax.imageio.IIOException")) return e;
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return new IOException(target + ": not written (" + why + "); what was there before is unchanged", e);
    }

    /**
     * The path to write: the target itself, or the file a symbolic link names (followed to its end); refused when
     * something that is not a regular file is there.
     */
    static Path regularTarget(Path target) throws IOException {
        Path p = target;
        for (int hops = 0; Files.isSymbolicLink(p); hops++) {
            if (hops == 40) throw new IOException(target + ": too many levels of symbolic links");
            Path link = Files.readSymbolicLink(p);
            p = link.isAbsolute() ? link : p.toAbsolutePath().getParent().resolve(link);
        }
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
            throw new IOException(target + (p.equals(target) ? "" : " (a link to " + p + ")") + ": not a regular file ("
                    + kind(p) + "); expected a file path darts4j may write");
        return p;
    }

    private static String kind(Path p) {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) return "a directory";
        return "a device, FIFO or socket";
    }
}

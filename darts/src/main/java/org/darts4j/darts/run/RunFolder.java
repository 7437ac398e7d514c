package org.darts4j.darts.run;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.darts4j.tensor.io.AtomicFile;

/**
 * A run folder taken for one run (search or training): refused when it is not a folder, not writable or holds files
 * that are not a run's; locked ({@link RunLock}) while the run writes; cleared of the temporary files a killed run left.
 * Closing releases the lock, and removes the folder again when this run created it and wrote nothing into it (a run
 * refused while it validated its input leaves nothing behind).
 */
public final class RunFolder implements AutoCloseable {
    /** The file every run folder holds; a folder with other files and without it is not a run's. */
    public static final String CONFIG = "config.json";

    private final Path dir;
    private final boolean created;
    private final RunLock lock;

    private RunFolder(Path dir, boolean created, RunLock lock) {
        this.dir = dir;
        this.created = created;
        this.lock = lock;
    }

    /** Takes {@code dir} (creating it when absent); {@code log} hears of stale locks and stray files removed. */
    public static RunFolder claim(Path dir, Consumer<String> log) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir))
            throw new IllegalArgumentException(dir + ": not a folder; a run needs a new or empty folder, or its own run folder");
        boolean created = !Files.exists(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException(dir + ": cannot create the run folder (" + reason(e) + ")");
        }
        if (!Files.isWritable(dir)) throw new IllegalArgumentException(dir + ": the run folder is not writable");
        RunLock lock = RunLock.acquire(dir, log);
        try {
            List<String> foreign = new ArrayList<>();
            int stray = 0;
            boolean config = Files.isRegularFile(dir.resolve(CONFIG));
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path p : entries) {
                    String name = p.getFileName().toString();
                    if (name.equals(RunLock.FILE)) continue;
                    if (name.startsWith(".") && name.endsWith(AtomicFile.TMP_SUFFIX) && Files.isRegularFile(p)) {
                        Files.delete(p);
                        stray++;
                    } else if (!config) {
                        foreign.add(name + (Files.isDirectory(p) ? "/" : ""));
                    }
                }
            }
            if (stray > 0) log.accept("removed " + stray + " temporary file(s) an interrupted run left in " + dir);
            if (!foreign.isEmpty()) {
                foreign.sort(null);
                throw new IllegalArgumentException(dir + " holds files that are not a run's (" + String.join(", ", foreign.subList(0,
                        Math.min(5, foreign.size()))) + (foreign.size() > 5 ? ", ..." : "") + "); choose a new or empty folder");
            }
            return new RunFolder(dir, created, lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    public Path dir() { return dir; }

    /** Whether the folder already holds a run (its {@code config.json}). */
    public boolean holdsRun() { return Files.isRegularFile(dir.resolve(CONFIG)); }

    @Override public void close() {
        lock.close();
        if (created) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                if (!entries.iterator().hasNext()) Files.deleteIfExists(dir);
            } catch (IOException ignored) {
                // the folder stays; it is empty
            }
        }
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName().replace("Exception", "") + (m == null ? "" : ": " + m);
    }
}

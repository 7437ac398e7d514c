package org.darts4j.darts.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The lock of a run folder: {@code run.lock}, created atomically (it exists or it does not: two runs cannot both
 * create it), holding the holder's PID, host and start. A lock whose holder is gone (same host, no process with that
 * PID and start) is stale: it is reported and taken over. A lock from another host cannot be checked and is refused.
 */
public final class RunLock implements AutoCloseable {
    public static final String FILE = "run.lock";

    private final Path file;
    private final Thread hook;
    private boolean released;

    private RunLock(Path file) {
        this.file = file;
        this.hook = new Thread(this::deleteQuietly, "darts4j-run-lock");
        Runtime.getRuntime().addShutdownHook(hook);   // SIGTERM and Ctrl-C release it too; kill -9 leaves a stale lock
    }

    /** Takes the lock of {@code dir}, or says in one line who holds it; {@code log} hears of a stale lock taken over. */
    public static RunLock acquire(Path dir, java.util.function.Consumer<String> log) throws IOException {
        Path file = dir.resolve(FILE);
        String mine = describe(ProcessHandle.current());
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                Files.writeString(Files.createFile(file), mine, StandardCharsets.UTF_8);
                return new RunLock(file);
            } catch (FileAlreadyExistsException held) {
                String text;
                try {
                    text = Files.readString(file, StandardCharsets.UTF_8).trim();
                } catch (NoSuchFileException gone) {
                    continue;   // released between the two calls: try again
                }
                Holder h = Holder.parse(text);
                if (h != null && h.host().equals(host()) && !h.alive()) {
                    log.accept("removing the stale lock of " + dir + " (PID " + h.pid() + " on " + h.host() + " is no longer running)");
                    Files.deleteIfExists(file);
                    continue;
                }
                throw new IllegalStateException(dir + " is in use by another run (" + (h == null ? "run.lock: " + text
                        : "PID " + h.pid() + " on " + h.host() + " since " + h.started()) + "); wait for it to finish, or delete "
                        + file + " if that process is gone");
            }
        }
        throw new IllegalStateException(dir + ": could not take " + FILE + " (another run keeps taking it)");
    }

    @Override public void close() {
        deleteQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    private synchronized void deleteQuietly() {
        if (released) return;
        released = true;
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // nothing to do at exit; the next run recognises the lock as stale
        }
    }

    private static String describe(ProcessHandle p) {
        return "pid=" + p.pid() + "\nhost=" + host() + "\nstarted=" + p.info().startInstant().map(Instant::toString).orElse("") + "\n";
    }

    /** This machine's host name (from /proc where there is one). */
    public static String host() {
        try {
            Path h = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(h)) return Files.readString(h).trim();
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Whether /proc says process {@code pid} has exited but is not reaped (state Z or X); false where there is no /proc. */
    static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');   // the command name may hold spaces and parentheses
            char state = close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
            return state == 'Z' || state == 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The holder a lock file names. */
    record Holder(long pid, String host, String started) {
        static Holder parse(String text) {
            long pid = -1;
            String host = null, started = "";
            for (String line : text.split("\n")) {
                int eq = line.indexOf('=');
                if (eq < 0) continue;
                String k = line.substring(0, eq).trim(), v = line.substring(eq + 1).trim();
                switch (k) {
                    case "pid" -> { try { pid = Long.parseLong(v); } catch (NumberFormatException e) { return null; } }
                    case "host" -> host = v;
                    case "started" -> started = v;
                    default -> { }
                }
            }
            return pid < 0 || host == null ? null : new Holder(pid, host, started);
        }

        /**
         * Whether a process with this PID and start time runs on this host. A zombie (exited, not yet reaped by its
         * parent: a run killed with kill -9 together with the shell that started it) runs no more.
         */
        boolean alive() {
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            if (p.isEmpty() || !p.get().isAlive() || zombie(pid)) return false;
            String s = p.get().info().startInstant().map(Instant::toString).orElse("");
            return started.isEmpty() || s.isEmpty() || s.equals(started);
        }
    }
}

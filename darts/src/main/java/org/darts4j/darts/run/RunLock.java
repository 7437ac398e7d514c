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
 * create it), holding the holder's PID, host, start and a token of its own. The holder touches the file every
 * {@link #HEARTBEAT_SECONDS} seconds. A lock is stale, reported and taken over, when its holder is gone: on this host,
 * no process with that PID and start, or this very process holding no lock with that token (an attempt in this JVM that
 * ended without releasing it); on another host (a shared folder of a cluster), no heartbeat for
 * {@link #staleAfterSeconds()} seconds. Otherwise it is refused in one line naming the holder.
 */
public final class RunLock implements AutoCloseable {
    public static final String FILE = "run.lock";
    /** How often a holder touches its lock. */
    public static final int HEARTBEAT_SECONDS = 30;

    private static final java.util.Set<String> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final java.util.concurrent.ScheduledExecutorService BEAT = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "darts4j-run-lock-heartbeat");
        t.setDaemon(true);
        return t;
    });

    private final Path file;
    private final String token;
    private final Thread hook;
    private final java.util.concurrent.ScheduledFuture<?> beat;
    private boolean released;

    private RunLock(Path file, String token) {
        this.file = file;
        this.token = token;
        HELD.add(token);
        this.hook = new Thread(this::deleteQuietly, "darts4j-run-lock");
        Runtime.getRuntime().addShutdownHook(hook);   // SIGTERM and Ctrl-C release it too; kill -9 leaves a stale lock
        this.beat = BEAT.scheduleAtFixedRate(() -> {
            try {
                Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(Instant.now()));
            } catch (IOException | RuntimeException ignored) {
                // released meanwhile, or the folder is gone: nothing to keep alive
            }
        }, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Seconds without a heartbeat after which another host's lock is stale: 300, or {@code -Ddarts4j.lock.staleSeconds}. */
    public static long staleAfterSeconds() { return Long.getLong("darts4j.lock.staleSeconds", 300); }

    /** Takes the lock of {@code dir}, or says in one line who holds it; {@code log} hears of a stale lock taken over. */
    public static RunLock acquire(Path dir, java.util.function.Consumer<String> log) throws IOException {
        Path file = dir.resolve(FILE);
        String token = java.util.UUID.randomUUID().toString();
        String mine = describe(ProcessHandle.current()) + "token=" + token + "\n";
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                Files.writeString(Files.createFile(file), mine, StandardCharsets.UTF_8);
                return new RunLock(file, token);
            } catch (FileAlreadyExistsException held) {
                String text;
                try {
                    text = Files.readString(file, StandardCharsets.UTF_8).trim();
                } catch (NoSuchFileException gone) {
                    continue;   // released between the two calls: try again
                }
                Holder h = Holder.parse(text);
                String stale = h == null ? null : h.staleness(file);
                if (stale != null) {
                    log.accept("removing the stale lock of " + dir + " (" + stale + ")");
                    Files.deleteIfExists(file);
                    continue;
                }
                throw new IllegalStateException(dir + " is in use by another run (" + (h == null ? "run.lock: " + text
                        : "PID " + h.pid() + " on " + h.host() + " since " + h.started()) + "); wait for it to finish, or delete "
                        + file + " if that process is gone (a lock of another host is taken over after " + staleAfterSeconds()
                        + " s without its heartbeat)");
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
        beat.cancel(false);
        HELD.remove(token);
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
    record Holder(long pid, String host, String started, String token) {
        static Holder parse(String text) {
            long pid = -1;
            String host = null, started = "", token = "";
            for (String line : text.split("\n")) {
                int eq = line.indexOf('=');
                if (eq < 0) continue;
                String k = line.substring(0, eq).trim(), v = line.substring(eq + 1).trim();
                switch (k) {
                    case "pid" -> { try { pid = Long.parseLong(v); } catch (NumberFormatException e) { return null; } }
                    case "host" -> host = v;
                    case "started" -> started = v;
                    case "token" -> token = v;
                    default -> { }
                }
            }
            return pid < 0 || host == null ? null : new Holder(pid, host, started, token);
        }

        /** Why the lock in {@code file} is stale, or null when its holder may still be running. */
        String staleness(Path file) throws IOException {
            if (!host.equals(RunLock.host())) {   // (host() alone would be this record's own component)
                long quiet = java.time.Duration.between(Files.getLastModifiedTime(file).toInstant(), Instant.now()).toSeconds();
                return quiet > staleAfterSeconds() ? "PID " + pid + " on " + host + " has not touched it for " + quiet + " s" : null;
            }
            if (!alive()) return "PID " + pid + " on " + host + " is no longer running";
            if (pid == ProcessHandle.current().pid() && !token.isEmpty() && !HELD.contains(token))
                return "an earlier attempt in this process (PID " + pid + ") ended without releasing it";
            return null;
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

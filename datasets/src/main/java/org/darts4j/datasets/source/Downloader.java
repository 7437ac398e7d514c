package org.darts4j.datasets.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.darts4j.datasets.DataFormatException;
import org.darts4j.tensor.io.AtomicFile;

/**
 * Downloads a file to a temporary name beside its target and renames it into place only once its checksum matches,
 * so that an interrupted or corrupted download never leaves a file that looks complete. A download stops, and leaves
 * nothing, when the server sends nothing for {@link #stall} (while connecting, before its answer or within the body)
 * or more bytes than the file can hold ({@code maxBytes}: a mirror that never ends would fill the disk).
 */
public final class Downloader {
    /** The default silence after which a download is given up. */
    public static final Duration DEFAULT_STALL = Duration.ofSeconds(60);

    /** Told of a download's bytes as they arrive: the address, the bytes so far and the bytes announced (-1: none announced). */
    @FunctionalInterface
    public interface Meter { void bytes(URI uri, long done, long total); }

    private final Consumer<String> log;
    private final Duration stall;
    private final Meter meter;

    public Downloader(Consumer<String> log) { this(log, DEFAULT_STALL); }

    public Downloader(Consumer<String> log, Duration stall) { this(log, stall, (u, d, t) -> { }); }

    public Downloader(Consumer<String> log, Duration stall, Meter meter) {
        this.log = log;
        this.stall = stall;
        this.meter = meter;
    }

    /** Tries each address in turn; the first whose content matches {@code expected} is kept at {@code target}. */
    public void fetch(List<URI> addresses, Path target, Checksum expected, long maxBytes) throws IOException {
        IOException last = null;
        for (URI uri : addresses) {
            try {
                AtomicFile.write(target, tmp -> {
                    log.accept("downloading " + uri + " -> " + target);
                    copy(uri, tmp, maxBytes);
                    String got = expected.of(tmp);
                    if (!got.equalsIgnoreCase(expected.hex()))
                        throw new DataFormatException(uri + ": checksum mismatch: " + expected.algorithm() + " " + got + ", expected " + expected.hex());
                });
                return;
            } catch (IOException e) {
                last = e instanceof DataFormatException ? e : new IOException(e.getMessage() == null ? uri + ": " + e.getClass().getSimpleName() : e.getMessage(), e);
                log.accept("failed: " + last.getMessage());
            }
        }
        throw last != null ? last : new IOException(target + ": no address to download from");
    }

    private void copy(URI uri, Path tmp, long maxBytes) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        int ms = (int) Math.min(Integer.MAX_VALUE, stall.toMillis());
        c.setConnectTimeout(ms);
        c.setReadTimeout(ms);   // a silent server: connecting, awaiting the answer, and between any two reads of the body
        c.setInstanceFollowRedirects(true);
        try {
            int status = c.getResponseCode();
            if (status != 200) throw new IOException(uri + ": HTTP status " + status + ", expected 200");
            long declared = c.getContentLengthLong();
            if (declared > maxBytes)
                throw new IOException(uri + ": the server announces " + declared + " bytes, more than the " + maxBytes + " this file can hold");
            try (InputStream in = c.getInputStream(); OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[1 << 16];
                long total = 0;
                for (int n; (n = in.read(buf)) > 0; ) {
                    total += n;
                    if (total > maxBytes)
                        throw new IOException(uri + ": more than " + maxBytes + " bytes, more than this file can hold; stopped");
                    out.write(buf, 0, n);
                    meter.bytes(uri, total, declared);
                }
            }
        } catch (SocketTimeoutException e) {
            throw new IOException(uri + ": no data for " + stall.toSeconds() + " s; stopped");
        } finally {
            c.disconnect();
        }
    }
}

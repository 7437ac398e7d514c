package org.darts4j.datasets.source;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.darts4j.datasets.DataFormatException;
import org.darts4j.tensor.io.AtomicFile;

/**
 * Downloads a file to a temporary name beside its target and renames it into place only once its checksum matches,
 * so that an interrupted or corrupted download never leaves a file that looks complete.
 */
public final class Downloader {
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30)).build();
    private final Consumer<String> log;

    public Downloader(Consumer<String> log) { this.log = log; }

    /** Tries each address in turn; the first whose content matches {@code expected} is kept at {@code target}. */
    public void fetch(List<URI> addresses, Path target, Checksum expected) throws IOException {
        IOException last = null;
        for (URI uri : addresses) {
            try {
                AtomicFile.write(target, tmp -> {
                    log.accept("downloading " + uri + " -> " + target);
                    HttpResponse<InputStream> r;
                    try {
                        r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(30)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException(uri + ": interrupted");
                    }
                    try (InputStream in = r.body()) {
                        if (r.statusCode() != 200) throw new IOException(uri + ": HTTP status " + r.statusCode() + ", expected 200");
                        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    }
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
}

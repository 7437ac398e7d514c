package org.darts4j.datasets.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An expected digest of a file: {@code MD5} or {@code SHA-256} of its bytes, or {@code git-blob}, the id
 * {@code git hash-object} prints (SHA-1 of {@code "blob <size>\0"} and the bytes).
 */
public record Checksum(String algorithm, String hex) {
    public static Checksum md5(String hex) { return new Checksum("MD5", hex); }

    public static Checksum sha256(String hex) { return new Checksum("SHA-256", hex); }

    public static Checksum gitBlob(String hex) { return new Checksum("git-blob", hex); }

    /** The digest of a file, in this checksum's algorithm. */
    public String of(Path file) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm.equals("git-blob") ? "SHA-1" : algorithm);
            if (algorithm.equals("git-blob")) md.update(("blob " + Files.size(file) + "\0").getBytes(StandardCharsets.US_ASCII));
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }

    public boolean matches(Path file) throws IOException { return of(file).equalsIgnoreCase(hex); }

    @Override public String toString() { return algorithm + " " + hex; }
}

package org.darts4j.datasets.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.darts4j.datasets.DataFormatException;
import org.darts4j.datasets.Dataset;
import org.darts4j.datasets.TestFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSourcesTest {
    @TempDir Path dir;
    private HttpServer server;
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();

    @BeforeEach void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            byte[] body = served.get(ex.getRequestURI().getPath().substring(1));
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
            } else {
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
            ex.close();
        });
        server.start();
    }

    @AfterEach void stop() { server.stop(0); }

    private URI base() { return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"); }

    private static String md5(byte[] b) throws Exception { return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b)); }

    @Test void downloadVerifiesThenRenames() throws Exception {
        byte[] content = TestFiles.gzip(TestFiles.idxImages(3, 2, 2, 0));
        served.put("f.gz", content);
        List<String> log = new ArrayList<>();
        Path target = dir.resolve("data/f.gz");
        new Downloader(log::add).fetch(List.of(base().resolve("missing.gz"), base().resolve("f.gz")), target, Checksum.md5(md5(content)), 1 << 20);
        assertTrue(Files.isRegularFile(target));
        assertEquals(md5(content), md5(Files.readAllBytes(target)));
        assertTrue(log.stream().anyMatch(l -> l.contains("HTTP status 404")), "the first address failed and the second was tried: " + log);
        try (var s = Files.list(target.getParent())) {
            assertEquals(1, s.count(), "no partial file is left");
        }
    }

    @Test void checksumMismatchLeavesNothingBehind() throws Exception {
        served.put("f.gz", new byte[] {1, 2, 3});
        Path target = dir.resolve("f.gz");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> new Downloader(m -> { }).fetch(List.of(base().resolve("f.gz")), target, Checksum.md5("00112233445566778899aabbccddeeff"), 1 << 20));
        assertTrue(e.getMessage().contains("checksum mismatch") && e.getMessage().contains("expected 00112233445566778899aabbccddeeff"), e.getMessage());
        assertFalse(Files.exists(target));
        try (var s = Files.list(dir)) {
            assertEquals(0, s.count());
        }
    }

    @Test void gitBlobChecksum() throws Exception {
        Path f = dir.resolve("h");
        Files.writeString(f, "hello\n");
        assertTrue(Checksum.gitBlob("ce013625030ba8dba906f756967f9e9ca394464a").matches(f));
    }

    /** The whole path a user takes: download a data set's files from a mirror, verified, then load both splits. */
    @Test void downloadFilesFromMirrorThenLoad() throws Exception {
        byte[][] files = {TestFiles.gzip(TestFiles.idxImages(4, 28, 28, 0)), TestFiles.gzip(TestFiles.idxLabels(new int[] {1, 2, 3, 4})),
                TestFiles.gzip(TestFiles.idxImages(2, 28, 28, 5)), TestFiles.gzip(TestFiles.idxLabels(new int[] {7, 8}))};
        String[] names = {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"};
        List<DataSources.RemoteFile> remote = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            served.put(names[i], files[i]);
            remote.add(new DataSources.RemoteFile(names[i], Checksum.md5(md5(files[i])), List.of()));
        }
        Path target = dir.resolve("mnist");
        DataSources.download(remote, target, base(), m -> { });
        List<String> log = new ArrayList<>();
        DataSources.download(remote, target, base(), log::add);
        assertTrue(log.stream().allMatch(l -> l.contains("already there and verified")), log.toString());
        assertEquals(4, DataSources.load("mnist", DataOptions.defaults().withDataDir(dir), m -> { }).size());
        assertEquals(2, DataSources.load("mnist", DataOptions.defaults().withDataDir(dir).withSplit("test"), m -> { }).size());
    }

    /** The published checksums are enforced: a mirror serving other bytes is refused and nothing is kept. */
    @Test void namedDataSetRefusesWrongBytes() throws Exception {
        served.put("train-images-idx3-ubyte.gz", TestFiles.gzip(TestFiles.idxImages(4, 28, 28, 0)));
        IOException e = assertThrows(IOException.class, () -> DataSources.download("mnist", dir, base(), m -> { }));
        assertTrue(e.getMessage().contains("checksum mismatch") && e.getMessage().contains("f68b3c2dcbeaaa9fbdd348bbdeb94873"), e.getMessage());
        try (var s = Files.list(dir)) {
            assertEquals(0, s.count(), "a file that failed its checksum is not kept");
        }
    }

    @Test void findsFilesInDataDirEnvAndHomeAndSaysWhereItLooked() throws Exception {
        Path env = dir.resolve("env"), home = dir.resolve("home");
        Path mnist = home.resolve(".darts4j/data/mnist");
        Files.createDirectories(mnist);
        Files.write(mnist.resolve("t10k-images-idx3-ubyte"), TestFiles.idxImages(6, 28, 28, 1));
        Files.write(mnist.resolve("t10k-labels-idx1-ubyte.gz"), TestFiles.gzip(TestFiles.idxLabels(new int[] {0, 1, 2, 3, 4, 5})));
        DataOptions test = DataOptions.defaults().withSplit("test");
        Dataset d = DataSources.load("mnist", test, DataSources.roots(null, env.toString(), home), m -> { });
        assertEquals(6, d.size(), "the test split loads with no training files present");
        IOException e = assertThrows(IOException.class, () -> DataSources.load("mnist", DataOptions.defaults(), DataSources.roots(null, env.toString(), home), m -> { }));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte") && e.getMessage().contains(env.toString())
                && e.getMessage().contains(mnist.toString()) && e.getMessage().contains("data download"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        Path torchvision = env.resolve("FashionMNIST/raw");
        Files.createDirectories(torchvision);
        Files.write(torchvision.resolve("t10k-images-idx3-ubyte"), TestFiles.idxImages(2, 28, 28, 1));
        Files.write(torchvision.resolve("t10k-labels-idx1-ubyte"), TestFiles.idxLabels(new int[] {9, 8}));
        assertEquals(2, DataSources.load("fashion-mnist", test, DataSources.roots(null, env.toString(), home), m -> { }).size());
    }

    @Test void unknownNamesAndSplits() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataSources.load("imagenet", DataOptions.defaults(), m -> { }));
        assertTrue(e.getMessage().contains("unknown data set 'imagenet'"));
        assertThrows(IllegalArgumentException.class, () -> DataOptions.defaults().withSplit("validation"));
    }

    @Test void syntheticKirigamiNeedsNoFiles() throws Exception {
        Dataset train = DataSources.load("kirigami-synthetic", DataOptions.defaults(), m -> { });
        Dataset test = DataSources.load("kirigami-synthetic", DataOptions.defaults().withSplit("test"), m -> { });
        assertEquals(1600, train.size());
        assertEquals(400, test.size());
        assertTrue(train.name().contains("synthetic"));
    }

    /** With --data-dir the data comes from there or not at all: never quietly from the system's copy or another root. */
    @Test void aGivenDataDirIsNeverLeftForAnotherCopy() throws Exception {
        DataOptions base = DataOptions.defaults();
        Path missing = dir.resolve("missing"), file = Files.writeString(dir.resolve("a-file"), "x"), empty = Files.createDirectories(dir.resolve("empty"));
        for (Path d : List.of(missing, file, empty)) {
            DataOptions o = new DataOptions(d, "train", base.view(), base.targets(), base.trainFraction(), base.syntheticRows(), base.seed());
            IOException e = assertThrows(IOException.class, () -> DataSources.load("fashion-mnist", o, w -> { }), d.toString());
            assertTrue(e.getMessage().contains(d.toString()), e.getMessage());
            assertFalse(e.getMessage().contains(DataSources.DEBIAN_FASHION_MNIST.toString()), "not looked for in the system's copy: " + e.getMessage());
        }
        Path onlyImages = Files.createDirectories(dir.resolve("only-images"));
        Files.write(onlyImages.resolve("train-images-idx3-ubyte"), TestFiles.idxImages(4, 28, 28, 1));
        DataOptions o = new DataOptions(onlyImages, "train", base.view(), base.targets(), base.trainFraction(), base.syntheticRows(), base.seed());
        IOException e = assertThrows(IOException.class, () -> DataSources.load("fashion-mnist", o, w -> { }));
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte"), e.getMessage());
    }

    /** A mirror that never ends, and one that answers and then goes silent: both stopped, nothing left behind. */
    @Test void endlessAndSilentMirrorsAreStopped() throws Exception {
        server.createContext("/endless", ex -> {
            ex.sendResponseHeaders(200, 0);   // chunked, no length announced
            byte[] chunk = new byte[1 << 16];
            try {
                for (int i = 0; i < 1000; i++) ex.getResponseBody().write(chunk);
            } catch (IOException clientGone) {
                // the downloader stopped reading
            }
            ex.close();
        });
        server.createContext("/silent", ex -> {
            ex.sendResponseHeaders(200, 1000);
            ex.getResponseBody().write(new byte[10]);
            ex.getResponseBody().flush();
            try {
                Thread.sleep(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        Path target = dir.resolve("data/f.gz");
        Downloader d = new Downloader(m -> { }, java.time.Duration.ofMillis(700));
        IOException big = assertThrows(IOException.class, () -> d.fetch(List.of(base().resolve("endless")), target, Checksum.md5("00"), 1 << 20));
        assertTrue(big.getMessage().contains("more than 1048576 bytes"), big.getMessage());
        long t0 = System.nanoTime();
        IOException silent = assertThrows(IOException.class, () -> d.fetch(List.of(base().resolve("silent")), target, Checksum.md5("00"), 1 << 20));
        assertTrue(silent.getMessage().contains("no data for"), silent.getMessage());
        assertTrue((System.nanoTime() - t0) / 1e9 < 4, "stopped after the stall, not when the server gave up");
        try (var s = Files.list(dir.resolve("data"))) { assertEquals(0, s.count(), "no file, no temporary file"); }
    }
}

package org.darts4j.datasets.source;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.darts4j.datasets.Dataset;
import org.darts4j.datasets.io.Cifar10;
import org.darts4j.datasets.io.Idx;
import org.darts4j.datasets.io.Tables;
import org.darts4j.datasets.kirigami.Kirigami;
import org.darts4j.datasets.kirigami.SyntheticKirigami;

/**
 * The data sets by name, where their files are looked for, and where they are downloaded from.
 *
 * <p>Names: {@code mnist}, {@code fashion-mnist}, {@code cifar10}, {@code kirigami}, {@code kirigami-synthetic}, and
 * for new data {@code npz:FILE}, {@code npy:IMAGES,LABELS} and {@code csv:FILE} (split by position: the first
 * {@code trainFraction} trains, the rest tests); {@code kirigami:FILE} reads a kirigami file of any name. Files are looked for in the folder given ({@code --data-dir}),
 * then {@code $DARTS4J_DATA}, then {@code ~/.darts4j/data}, each as the folder itself, its sub-folder named after the
 * data set, and torchvision's layout; Fashion-MNIST also in {@code /usr/share/datasets/fashion-mnist} (Debian's
 * {@code dataset-fashion-mnist}).
 */
public final class DataSources {
    public static final List<String> NAMES = List.of("mnist", "fashion-mnist", "cifar10", "kirigami", "kirigami-synthetic");
    public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
    public static final List<String> FASHION_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
            "Sneaker", "Bag", "Ankle boot");
    public static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /**
     * A file of a data set as published, with its checksum, the addresses it is served from and a bound on its size
     * (above the published file's; a download that goes beyond it is stopped).
     */
    public record RemoteFile(String name, Checksum checksum, List<String> baseUrls, long maxBytes) {
        public RemoteFile(String name, Checksum checksum, List<String> baseUrls) { this(name, checksum, baseUrls, 1L << 30); }
    }

    private static final long MIB = 1 << 20;

    private static final List<String> MNIST_URLS = List.of("http://yann.lecun.com/exdb/mnist/", "https://ossci-datasets.s3.amazonaws.com/mnist/");
    private static final List<String> FASHION_URLS = List.of("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");

    /** What {@code data download} fetches for each name. */
    public static List<RemoteFile> remoteFiles(String name) {
        return switch (name) {
            case "mnist" -> List.of(
                    new RemoteFile("train-images-idx3-ubyte.gz", Checksum.md5("f68b3c2dcbeaaa9fbdd348bbdeb94873"), MNIST_URLS, 16 * MIB),
                    new RemoteFile("train-labels-idx1-ubyte.gz", Checksum.md5("d53e105ee54ea40749a09fcbcd1e9432"), MNIST_URLS, 16 * MIB),
                    new RemoteFile("t10k-images-idx3-ubyte.gz", Checksum.md5("9fb629c4189551a2d022fa330f9573f3"), MNIST_URLS, 16 * MIB),
                    new RemoteFile("t10k-labels-idx1-ubyte.gz", Checksum.md5("ec29112dd5afa0611ce80d1b7f02629c"), MNIST_URLS, 16 * MIB));
            case "fashion-mnist" -> List.of(
                    new RemoteFile("train-images-idx3-ubyte.gz", Checksum.md5("8d4fb7e6c68d591d4c3dfef9ec88bf0d"), FASHION_URLS, 32 * MIB),
                    new RemoteFile("train-labels-idx1-ubyte.gz", Checksum.md5("25c81989df183df01b3e8a0aad5dffbe"), FASHION_URLS, 32 * MIB),
                    new RemoteFile("t10k-images-idx3-ubyte.gz", Checksum.md5("bef4ecab320f06d8554ea6380940ec79"), FASHION_URLS, 32 * MIB),
                    new RemoteFile("t10k-labels-idx1-ubyte.gz", Checksum.md5("bb300cfdad3c16e7a12a480ee83cd310"), FASHION_URLS, 32 * MIB));
            case "cifar10" -> List.of(new RemoteFile("cifar-10-binary.tar.gz", Checksum.md5("c32a1d4ab5d03f1284b67883e8d87530"),
                    List.of("https://www.cs.toronto.edu/~kriz/"), 192 * MIB));
            case "kirigami" -> List.of(new RemoteFile(Kirigami.FILE_NAME, Checksum.gitBlob(Kirigami.PUBLISHED_BLOB_ID),
                    List.of("https://raw.githubusercontent.com/phanakata/ML_for_kirigami_design/master/mddata/"), 256 * MIB));
            default -> throw new IllegalArgumentException("'" + name + "' cannot be downloaded: expected one of mnist, fashion-mnist, cifar10, kirigami");
        };
    }

    private DataSources() {}

    /** The folders searched, in order: the given one, {@code $DARTS4J_DATA}, {@code ~/.darts4j/data}. */
    public static List<Path> roots(Path dataDir) {
        return roots(dataDir, System.getenv("DARTS4J_DATA"), Path.of(System.getProperty("user.home")));
    }

    static List<Path> roots(Path dataDir, String env, Path home) {
        List<Path> r = new ArrayList<>();
        if (dataDir != null) r.add(dataDir);
        if (env != null && !env.isBlank()) r.add(Path.of(env));
        r.add(home.resolve(".darts4j/data"));
        return r;
    }

    /** Every folder where files of {@code name} may lie. */
    static List<Path> candidates(String name, List<Path> roots) { return candidates(name, roots, true); }

    /** Every folder where files of {@code name} may lie; the system's copies too when {@code system}. */
    static List<Path> candidates(String name, List<Path> roots, boolean system) {
        Set<Path> c = new LinkedHashSet<>();
        String torchvision = switch (name) {
            case "mnist" -> "MNIST/raw";
            case "fashion-mnist" -> "FashionMNIST/raw";
            default -> null;
        };
        for (Path root : roots) {
            c.add(root.resolve(name));
            if (torchvision != null) c.add(root.resolve(torchvision));
            c.add(root);
        }
        if (system && name.equals("fashion-mnist")) c.add(DEBIAN_FASHION_MNIST);
        return new ArrayList<>(c);
    }

    /** Loads one split of a data set; warnings (such as a kirigami file that is not the published one) go to {@code warn}. */
    /** Refuses a name that {@link #load} would not know, listing the valid forms. */
    public static void requireKnown(String name) {
        if (name == null) throw new IllegalArgumentException("no data set named: expected one of " + NAMES + ", npz:FILE, npy:IMAGES,LABELS, csv:FILE or kirigami:FILE");
        for (String prefix : List.of("npz:", "npy:", "csv:", "kirigami:")) if (name.startsWith(prefix) && name.length() > prefix.length()) return;
        if (!NAMES.contains(name))
            throw new IllegalArgumentException("unknown data set '" + name + "': expected one of " + NAMES + ", npz:FILE, npy:IMAGES,LABELS, csv:FILE or kirigami:FILE");
    }

    /**
     * Loads one split. With {@code --data-dir} the data is looked for there only: a folder that is missing, not a
     * folder or unreadable, or that lacks the files, is an error, never a quiet fall back to another copy.
     */
    public static Dataset load(String name, DataOptions o, Consumer<String> warn) throws IOException {
        if (o.dataDir() != null) {
            Path d = o.dataDir();
            if (!Files.exists(d)) throw new IOException("--data-dir " + d + ": no such folder");
            if (!Files.isDirectory(d)) throw new IOException("--data-dir " + d + ": not a folder (expected the folder holding the data set's files)");
            if (!Files.isReadable(d)) throw new IOException("--data-dir " + d + ": not readable");
            return load(name, o, List.of(d), false, warn);
        }
        return load(name, o, roots(null), true, warn);
    }

    static Dataset load(String name, DataOptions o, List<Path> roots, Consumer<String> warn) throws IOException {
        return load(name, o, roots, true, warn);
    }

    private static Dataset load(String name, DataOptions o, List<Path> roots, boolean system, Consumer<String> warn) throws IOException {
        if (name.startsWith("npz:")) return byPosition(Tables.npz(Path.of(name.substring(4)), name), o);
        if (name.startsWith("npy:")) {
            String[] f = name.substring(4).split(",");
            if (f.length != 2) throw new IllegalArgumentException("npy data set '" + name + "': expected npy:IMAGES.npy,LABELS.npy");
            return byPosition(Tables.npy(Path.of(f[0]), Path.of(f[1]), name), o);
        }
        if (name.startsWith("csv:")) return byPosition(Tables.csv(Path.of(name.substring(4)), name, o.targets(), false, null), o);
        if (name.startsWith("kirigami:")) return kirigamiSplit("kirigami", Kirigami.read(Path.of(name.substring(9)), warn), o);
        switch (name) {
            case "mnist", "fashion-mnist" -> {
                String prefix = o.train() ? "train" : "t10k";
                List<Path> dirs = candidates(name, roots, system);
                for (Path d : dirs) {
                    Path images = either(d, prefix + "-images-idx3-ubyte"), labels = either(d, prefix + "-labels-idx1-ubyte");
                    if (images != null && labels != null)
                        return Idx.load(name + "/" + o.split(), images, labels, name.equals("mnist") ? DIGITS : FASHION_CLASSES);
                }
                throw notFound(name, o, dirs, prefix + "-images-idx3-ubyte[.gz] and " + prefix + "-labels-idx1-ubyte[.gz]",
                        name.equals("fashion-mnist") ? " or `apt-get install dataset-fashion-mnist`" : "");
            }
            case "cifar10" -> {
                List<Path> dirs = candidates(name, roots, system);
                String needed = o.train() ? Cifar10.TRAIN_FILES.get(0) : Cifar10.TEST_FILE;
                for (Path d : dirs) {
                    if (Files.exists(d.resolve("cifar-10-batches-bin").resolve(needed)) || Files.exists(d.resolve(needed)))
                        return Cifar10.load(d, o.train());
                    if (Files.isRegularFile(d.resolve("cifar-10-binary.tar.gz"))) return Cifar10.load(d.resolve("cifar-10-binary.tar.gz"), o.train());
                }
                throw notFound(name, o, dirs, "cifar-10-batches-bin/" + needed + " or cifar-10-binary.tar.gz", "");
            }
            case "kirigami" -> {
                List<Path> dirs = candidates(name, roots, system);
                for (Path d : dirs) {
                    Path f = d.resolve(Kirigami.FILE_NAME);
                    if (Files.isRegularFile(f)) return kirigamiSplit("kirigami", Kirigami.read(f, warn), o);
                }
                throw notFound(name, o, dirs, Kirigami.FILE_NAME, "");
            }
            case "kirigami-synthetic" -> {
                return kirigamiSplit("kirigami-synthetic", SyntheticKirigami.generate(o.syntheticRows(), 0.3, 0.01, o.seed()), o);
            }
            default -> throw new IllegalArgumentException("unknown data set '" + name + "': expected one of " + NAMES + ", kirigami:FILE, npz:FILE, npy:IMAGES,LABELS or csv:FILE");
        }
    }

    /** A file without splits of its own: its first {@code trainFraction} of examples train, the rest test. */
    private static Dataset byPosition(Dataset d, DataOptions o) {
        Dataset[] s = org.darts4j.datasets.Splits.byPosition(d, o.trainFraction(), d.name() + "/train", d.name() + "/test");
        return o.train() ? s[0] : s[1];
    }

    private static Dataset kirigamiSplit(String name, Kirigami.Table t, DataOptions o) {
        int cut = Kirigami.trainRows(t, o.trainFraction());
        int[] cols = Kirigami.targetColumns(o.targets());
        return o.train() ? Kirigami.dataset(name + "/train", t, o.view(), cols, 0, cut)
                : Kirigami.dataset(name + "/test", t, o.view(), cols, cut, t.rows());
    }

    private static Path either(Path dir, String file) {
        if (Files.isRegularFile(dir.resolve(file))) return dir.resolve(file);
        if (Files.isRegularFile(dir.resolve(file + ".gz"))) return dir.resolve(file + ".gz");
        return null;
    }

    private static IOException notFound(String name, DataOptions o, List<Path> dirs, String files, String orElse) {
        return new IOException(name + " (" + o.split() + " split): " + files + " not found; looked in " + dirs
                + ". Get the data with `./darts4j data download --dataset " + name + "`" + orElse + ", or pass --data-dir");
    }

    /**
     * Downloads every file of {@code name} into {@code dir} (skipping those already there with the right checksum),
     * from {@code mirror} when given, else from the published addresses.
     */
    public static void download(String name, Path dir, URI mirror, Consumer<String> log) throws IOException {
        download(remoteFiles(name), dir, mirror, log);
    }

    /** As {@link #download(String, Path, URI, Consumer)}, telling {@code meter} of the bytes as they arrive. */
    public static void download(String name, Path dir, URI mirror, Consumer<String> log, Downloader.Meter meter) throws IOException {
        download(remoteFiles(name), dir, mirror, new Downloader(log, Downloader.DEFAULT_STALL, meter), log);
    }

    /** Downloads the given files into {@code dir}, each verified before it is renamed into place. */
    public static void download(List<RemoteFile> files, Path dir, URI mirror, Consumer<String> log) throws IOException {
        download(files, dir, mirror, new Downloader(log), log);
    }

    /** As {@link #download(List, Path, URI, Consumer)} with the given downloader (tests give short time-outs). */
    static void download(List<RemoteFile> files, Path dir, URI mirror, Downloader d, Consumer<String> log) throws IOException {
        for (RemoteFile f : files) {
            Path target = dir.resolve(f.name());
            if (Files.isRegularFile(target) && f.checksum().matches(target)) {
                log.accept(target + " is already there and verified");
                continue;
            }
            List<URI> uris = new ArrayList<>();
            if (mirror != null) uris.add(mirror.resolve(f.name()));
            else for (String base : f.baseUrls()) uris.add(URI.create(base + f.name()));
            d.fetch(uris, target, f.checksum(), f.maxBytes());
        }
    }
}

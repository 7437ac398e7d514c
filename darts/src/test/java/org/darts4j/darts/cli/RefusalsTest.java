package org.darts4j.darts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.darts4j.darts.ToyData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs the command line refuses in one line instead of ignoring them or failing obscurely. */
class RefusalsTest extends CommandLineTest {
    @TempDir Path dir;

    private String lastError() { return err.toString().strip().lines().reduce((a, b) -> b).orElse(""); }

    @Test void resumeRefusesOptionsItWouldIgnore() throws Exception {
        String data = ToyData.write(dir, 48);
        Path run = dir.resolve("run");
        assertEquals(0, Main.execute("train", "--model", "small-resnet", "--dataset", data, "--out", run.toString(), "--epochs", "1",
                "--blocks", "1,1", "--width", "4", "--batch-size", "16", "--threads", "2"));
        assertEquals(1, Main.execute("train", "--resume", run.toString(), "--lr", "0.5", "--epochs", "9"));
        assertTrue(lastError().contains("--epochs, --lr are not accepted with it"), err.toString());
        assertEquals(0, Main.execute("train", "--resume", run.toString(), "--keep-checkpoints", "all"));
        assertEquals(1, Main.execute("search", "--resume", run.toString(), "--seed", "3"));
        assertTrue(lastError().contains("--seed is not accepted"), err.toString());
        assertEquals(1, Main.execute("train", "--resume", run.toString(), "--keep-checkpoints", "0"));
        assertTrue(lastError().contains("--keep-checkpoints: expected a count of at least 1 or 'all', got '0'"), err.toString());
    }

    @Test void optionsOutOfRangeAreRefused() throws Exception {
        String data = ToyData.write(dir, 48);
        for (String[] bad : new String[][] {{"--train-subset", "-10"}, {"--threads", "-3"}, {"--grad-clip", "-1"}, {"--momentum", "2"}}) {
            Path run = dir.resolve("run" + bad[0]);
            assertEquals(1, Main.execute("train", "--model", "small-resnet", "--dataset", data, "--out", run.toString(), bad[0], bad[1]));
            assertTrue(lastError().startsWith("darts4j: error: " + bad[0]) && lastError().contains("expected"), err.toString());
            assertFalse(Files.exists(run), "nothing written for " + bad[0]);
        }
        assertEquals(1, Main.execute("search", "--dataset", data, "--out", dir.resolve("s").toString(), "--momentum", "2"));
        assertTrue(lastError().contains("--momentum: expected a value in [0, 1), got 2"), err.toString());
    }

    @Test void searchMethodOptionsAreRefusedOutsideTheirMethod() throws Exception {
        String data = ToyData.write(dir, 48);
        String[][] cases = {
            {"unknown search method 'enas': expected one of [darts, pc-darts, gdas]", "--method", "enas"},
            {"--tau-max and --tau-min are options of --method gdas, not pc-darts", "--method", "pc-darts", "--tau-max", "5"},
            {"--partial-channels and --no-edge-normalization are options of --method pc-darts, not darts", "--partial-channels", "2"},
            {"--partial-channels: expected at least 1, got 0", "--method", "pc-darts", "--partial-channels", "0"},
            {"--tau-min 5 is above --tau-max 1", "--method", "gdas", "--tau-max", "1", "--tau-min", "5"},
            {"--warmup-epochs 6 leaves none of the 6 epochs to search α", "--warmup-epochs", "6"},
            {"the width (--C, doubled at each reduction) must be divisible by --partial-channels", "--method", "pc-darts", "--channels", "6"},
        };
        for (String[] c : cases) {
            Path run = dir.resolve("run" + c.length + c[c.length - 1]);
            String[] args = new String[c.length - 1 + 4];
            args[0] = "search";
            args[1] = "--dataset";
            args[2] = data;
            args[3] = "--out=" + run;
            System.arraycopy(c, 1, args, 4, c.length - 1);
            assertEquals(1, Main.execute(args), String.join(" ", args));
            assertTrue(lastError().contains(c[0]), err.toString());
            assertFalse(Files.exists(run), "nothing written for " + String.join(" ", args));
        }
    }

    @Test void fileSystemErrorsSayWhatWentWrong() {
        assertEquals("/some/run: permission denied", Main.describe(new AccessDeniedException("/some/run")));
        assertEquals("/x: no such file or folder", Main.describe(new java.nio.file.NoSuchFileException("/x")));
    }

    /**
     * The launcher filters the JVM's incubator warning out of standard error; the lines it passes must arrive as they
     * are written, not when the JVM exits (a block-buffered filter held them back, and a caller reading standard error
     * right after a timeout found nothing). Run on a copy of the launcher with a stand-in java that writes an error,
     * then keeps running.
     */
    @Test void theLauncherPassesStandardErrorThroughAtOnce() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root")), bin = Files.createDirectories(dir.resolve("jdk/bin"));
        Path launcher = root.resolve("darts4j");
        Files.copy(Path.of("..", "darts4j").toAbsolutePath().normalize(), launcher);
        Files.createDirectories(root.resolve("darts/target"));
        Files.writeString(root.resolve("darts/target/darts4j.jar"), "stand-in");
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho 'WARNING: Using incubator modules: jdk.incubator.vector' >&2\n"
                + "echo 'darts4j: error: something wrong' >&2\nsleep 3\nexit 1\n");
        java.toFile().setExecutable(true);
        launcher.toFile().setExecutable(true);
        Path errFile = dir.resolve("err");
        ProcessBuilder pb = new ProcessBuilder("bash", launcher.toString(), "train").redirectError(errFile.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("JAVA_HOME", dir.resolve("jdk").toString());
        Process p = pb.start();
        String seen = "";
        for (long end = System.nanoTime() + 2_000_000_000L; System.nanoTime() < end && !seen.contains("something wrong"); Thread.sleep(50))
            seen = Files.readString(errFile);
        assertTrue(p.isAlive(), "the stand-in still runs");
        assertTrue(seen.contains("darts4j: error: something wrong"), "while the JVM runs, standard error holds: '" + seen + "'");
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue());
        assertFalse(Files.readString(errFile).contains("WARNING: Using incubator modules"));
    }
}

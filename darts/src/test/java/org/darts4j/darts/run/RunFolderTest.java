package org.darts4j.darts.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.darts4j.darts.TestModels;
import org.darts4j.darts.ToyData;
import org.darts4j.darts.config.Data;
import org.darts4j.darts.config.LrSchedule;
import org.darts4j.darts.config.Sgd;
import org.darts4j.darts.search.Search;
import org.darts4j.darts.search.SearchConfig;
import org.darts4j.darts.train.RunConfig;
import org.darts4j.darts.train.Trainer;
import org.darts4j.darts.train.TrainingDivergedException;
import org.darts4j.datasets.kirigami.KirigamiView;
import org.darts4j.tensor.DType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run folders: one run at a time, never over foreign files, nothing left by a refused run, numbers in any locale. */
class RunFolderTest {
    @TempDir Path dir;
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logged, true);

    private static RunConfig train(String data, int epochs, double lr) {
        return new RunConfig(TestModels.of("small-resnet", List.of(1, 1), 4, 0, 30, 8, null, 4, 3, 0.4, 0.3), new Data(data, null, 0, KirigamiView.COARSE, List.of(), 0.8, 2000), 0.25, true, 0, epochs, 16, new Sgd(lr, 0.9, 5e-4, false, 0), new LrSchedule.Cosine(0), 7, 2, DType.parse("float32"), 1);
    }

    private static SearchConfig search(String data, double lr) {
        return SearchConfig.small().withData(Data.of(data)).withEpochs(1).withBatchSize(8).withSupernet(2, 3).withW(new Sgd(lr, 0.9, 3e-4, false, 5))
                .withArchLr(3e-4).withSeed(1);
    }

    @Test void aSecondRunOnAFolderInUseIsRefused() throws Exception {
        String data = ToyData.write(dir, 48);
        Path run = dir.resolve("run");
        try (RunFolder held = RunFolder.claim(run, m -> { })) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Trainer(train(data, 1, 0.05), run, log, false).run(null));
            assertTrue(e.getMessage().contains("in use by another run") && e.getMessage().contains("PID " + ProcessHandle.current().pid()), e.getMessage());
            assertFalse(Files.exists(run.resolve("config.json")), "the refused run wrote nothing");
        }
        assertFalse(Files.exists(run.resolve(RunLock.FILE)), "the lock is released");
        new Trainer(train(data, 1, 0.05), run, log, false).run(null);
        assertFalse(Files.exists(run.resolve(RunLock.FILE)), "a finished run releases its lock");
    }

    @Test void aStaleLockIsReportedAndTakenOver() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve(RunLock.FILE), "pid=" + gone.pid() + "\nhost=" + RunLock.host() + "\nstarted=2026-01-01T00:00:00Z\n");
        List<String> heard = new ArrayList<>();
        try (RunFolder f = RunFolder.claim(run, heard::add)) {
            assertTrue(Files.readString(run.resolve(RunLock.FILE)).contains("pid=" + ProcessHandle.current().pid()));
        }
        assertEquals(1, heard.size());
        assertTrue(heard.get(0).contains("stale lock") && heard.get(0).contains(Long.toString(gone.pid())), heard.get(0));

        Files.writeString(run.resolve(RunLock.FILE), "pid=1\nhost=another-machine\nstarted=\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RunFolder.claim(run, m -> { }));
        assertTrue(e.getMessage().contains("another-machine"), e.getMessage());
    }

    /** On a shared folder: another host's lock holds while its heartbeat is fresh, and is stale once it stops. */
    @Test void anotherHostsLockIsStaleWithoutItsHeartbeat() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        Path lock = run.resolve(RunLock.FILE);
        Files.writeString(lock, "pid=1\nhost=another-machine\nstarted=\ntoken=t\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RunFolder.claim(run, m -> { }));
        assertTrue(e.getMessage().contains("PID 1 on another-machine") && e.getMessage().contains("without its heartbeat"), e.getMessage());
        Files.setLastModifiedTime(lock, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(RunLock.staleAfterSeconds() + 60)));
        List<String> heard = new ArrayList<>();
        try (RunFolder f = RunFolder.claim(run, heard::add)) {
            assertTrue(Files.readString(lock).contains("pid=" + ProcessHandle.current().pid()));
        }
        assertTrue(heard.size() == 1 && heard.get(0).contains("another-machine has not touched it for"), heard.toString());
    }

    /**
     * Two attempts of one step in one JVM (Spark tasks of one executor): the second is refused while the first holds the
     * folder; a lock of this process that no live holder owns (an attempt that ended without releasing it) is stale.
     */
    @Test void inOneProcessAHeldLockIsRefusedAndAnOrphanedOneIsStale() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        try (RunFolder first = RunFolder.claim(run, m -> { })) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> RunFolder.claim(run, m -> { }));
            assertTrue(e.getMessage().contains("in use by another run (PID " + ProcessHandle.current().pid()), e.getMessage());
            String held = Files.readString(run.resolve(RunLock.FILE));
            first.close();
            Files.writeString(run.resolve(RunLock.FILE), held);   // as if the attempt had died holding it
            List<String> heard = new ArrayList<>();
            try (RunFolder second = RunFolder.claim(run, heard::add)) {
                assertTrue(heard.size() == 1 && heard.get(0).contains("ended without releasing it"), heard.toString());
            }
        }
    }

    /** A run killed with its parent stays a zombie until someone reaps it: its lock is stale all the same. */
    @Test void theLockOfAnUnreapedProcessIsStale() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "no /proc here");
        // sleep 0 exits at once; its parent, exec'd into sleep 20, never waits for it: a zombie for 20 s
        Process parent = new ProcessBuilder("bash", "-c", "sleep 0 & echo $!; exec sleep 20").start();
        try {
            long zombie = Long.parseLong(new java.io.BufferedReader(new java.io.InputStreamReader(parent.getInputStream())).readLine().trim());
            for (int i = 0; i < 500 && !RunLock.zombie(zombie); i++) Thread.sleep(20);   // up to 10 s on a loaded machine
            assertTrue(RunLock.zombie(zombie), "process " + zombie + " is a zombie: " + (Files.exists(Path.of("/proc/" + zombie + "/stat")) ? Files.readString(Path.of("/proc/" + zombie + "/stat")) : "gone"));
            assertTrue(ProcessHandle.of(zombie).map(ProcessHandle::isAlive).orElse(false), "the JDK counts a zombie as alive");
            Path run = Files.createDirectories(dir.resolve("zombie"));
            Files.writeString(run.resolve(RunLock.FILE), "pid=" + zombie + "\nhost=" + RunLock.host() + "\nstarted=\n");
            List<String> heard = new ArrayList<>();
            try (RunFolder f = RunFolder.claim(run, heard::add)) {
                assertTrue(heard.get(0).contains("stale lock"), heard.toString());
            }
            assertFalse(RunLock.zombie(ProcessHandle.current().pid()));
        } finally {
            parent.destroyForcibly();
        }
    }

    @Test void aFolderOfOtherFilesIsRefusedAndKept() throws Exception {
        String data = ToyData.write(dir, 48);
        Path mine = Files.createDirectories(dir.resolve("thesis"));
        Files.writeString(mine.resolve("chapter1.tex"), "precious");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Search(search(data, 0.025), mine, log).run());
        assertTrue(e.getMessage().contains("not a run's") && e.getMessage().contains("chapter1.tex"), e.getMessage());
        assertEquals("precious", Files.readString(mine.resolve("chapter1.tex")));
        try (var s = Files.list(mine)) { assertEquals(1, s.count(), "nothing was added"); }
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThrows(IllegalArgumentException.class, () -> new Trainer(train(data, 1, 0.05), file, log, false).run(null));
    }

    @Test void aRunRefusedWhileItValidatesLeavesNothing() throws Exception {
        Path run = dir.resolve("new-run");
        assertThrows(Exception.class, () -> new Search(search("npz:" + dir.resolve("missing.npz"), 0.025), run, log).run());
        assertFalse(Files.exists(run), "the folder the run created is removed again");
        Files.createDirectories(run);
        assertThrows(Exception.class, () -> new Trainer(train("npz:" + dir.resolve("missing.npz"), 1, 0.05), run, log, false).run(null));
        try (var s = Files.list(run)) { assertEquals(0, s.count(), "no config.json: the corrected command is not refused"); }
    }

    @Test void strayTemporaryFilesOfAKilledRunAreRemoved() throws Exception {
        String data = ToyData.write(dir, 48);
        Path run = dir.resolve("run");
        new Trainer(train(data, 1, 0.05), run, log, false).run(null);
        Path stray = Files.writeString(run.resolve(".checkpoint-epoch-0002.npz123456.tmp"), "half a checkpoint");
        new Trainer(train(data, 1, 0.05), run, log, false).run(null);   // the finished run, started again: nothing to do but clean
        assertFalse(Files.exists(stray));
        assertTrue(logged.toString().contains("removed 1 temporary file"), logged.toString());
    }

    @Test void aDivergingSearchStopsWithoutAGenotypeOrANonFiniteCheckpoint() throws Exception {
        String data = ToyData.write(dir, 48);
        Path run = dir.resolve("run");
        RuntimeException e = assertThrows(RuntimeException.class, () -> new Search(search(data, 1e6), run, log).run());
        assertTrue(e instanceof TrainingDivergedException || e instanceof IllegalStateException, e.toString());
        assertTrue(e.getMessage().matches(".*(NaN|Infinity).*"), e.getMessage());
        assertFalse(Files.exists(run.resolve("genotype.txt")), "no genotype of a diverged search");
        assertFalse(Files.exists(run.resolve("checkpoint-epoch-0001.npz")), "no checkpoint of the diverged epoch");
    }

    @Test void filesAreWrittenInTheRootLocaleAndResumeUnderAnyLocale() throws Exception {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            String data = ToyData.write(dir, 48);
            Path run = dir.resolve("run");
            class Killed extends RuntimeException {}
            assertThrows(Killed.class, () -> new Trainer(train(data, 2, 0.05), run, log, false).run(e -> { throw new Killed(); }));
            new Trainer(train(data, 2, 0.05), run, log, false).run(null);
            List<String> rows = Files.readAllLines(run.resolve("metrics.csv"));
            assertEquals(3, rows.size(), rows.toString());
            for (String row : rows.subList(1, rows.size())) {
                String[] f = row.split(",", -1);
                assertEquals(7, f.length, "seven fields, no decimal commas: " + row);
                for (String v : f) if (!v.isEmpty()) Double.parseDouble(v);
            }
            new Search(search(data, 0.025), dir.resolve("search"), log).run();
            for (String f : List.of("metrics.csv", "alphas.csv"))
                for (String row : Files.readAllLines(dir.resolve("search").resolve(f)))
                    assertFalse(row.matches(".*\\d,\\d{3,}.*") && row.contains(";"), f + ": " + row);
            String alphas = Files.readAllLines(dir.resolve("search").resolve("alphas.csv")).get(1);
            for (String v : alphas.split(",")) if (v.matches("-?\\d.*")) Double.parseDouble(v);
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test void settingsOutOfRangeAreRefusedInOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> train("npz:x", 1, -0.1));
        assertEquals("--lr: expected a positive finite number, got -0.1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RunConfig(TestModels.of("small-resnet", List.of(1, 1), 4, 0, 30, 8, null, 4, 3, 0.4, 0.3), new Data("npz:x", null, 0, KirigamiView.COARSE, List.of(), 0.8, 2000), 0.25, true, 0, 1, 16, new Sgd(0.1, 2, 5e-4, false, 0), new LrSchedule.Cosine(0), 7, 2, DType.parse("float32"), 1));
        e = assertThrows(IllegalArgumentException.class, () -> SearchConfig.small().withData(Data.of("npz:x").withTrainSubset(-10)).withEpochs(1)
                .withBatchSize(8).withSupernet(2, 3).withArchLr(3e-4).withSeed(1));
        assertTrue(e.getMessage().startsWith("--train-subset"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SearchConfig.small().withData(Data.of("npz:x")).withEpochs(1).withBatchSize(8).withSupernet(2, 3)
                .withW(new Sgd(0.025, 0.9, 3e-4, false, -1)).withArchLr(3e-4).withSeed(1).withThreads(-3));
        assertTrue(e.getMessage().startsWith("--grad-clip"), e.getMessage());
    }
}

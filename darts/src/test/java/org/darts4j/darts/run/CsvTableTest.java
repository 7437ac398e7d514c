package org.darts4j.darts.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.darts4j.darts.search.SearchEpoch;
import org.darts4j.darts.train.TrainEpoch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableTest {
    @TempDir Path dir;

    @Test void theHeaderIsTheRecordsComponentsWithTheRunsMetric() {
        assertEquals(List.of("epoch", "train_loss", "train_accuracy", "val_loss", "val_accuracy", "lr", "seconds", "normal_skips", "mean_alpha_entropy",
                "dominant_eigenvalue"), new CsvTable<>(SearchEpoch.class, "accuracy").columns());
        assertEquals(List.of("epoch", "train_loss", "train_r2", "val_loss", "val_r2", "lr", "seconds"), new CsvTable<>(TrainEpoch.class, "r2").columns());
    }

    @Test void rowsRoundTripWithNanAsAnEmptyField() throws IOException {
        CsvTable<SearchEpoch> t = new CsvTable<>(SearchEpoch.class, "r2");
        List<SearchEpoch> rows = List.of(new SearchEpoch(1, 0.5, 0.25, 0.75, -0.125, 0.025, 12.5, 2, 2.0771, Double.NaN),
                new SearchEpoch(2, 0.4, 0.375, 0.625, 0.0625, 0.0125, 11.25, 3, 2.0601, 12.5));
        Path f = dir.resolve("metrics.csv");
        t.write(f, rows);
        List<String> lines = Files.readAllLines(f);
        assertEquals("epoch,train_loss,train_r2,val_loss,val_r2,lr,seconds,normal_skips,mean_alpha_entropy,dominant_eigenvalue", lines.get(0));
        assertEquals("1,0.500000,0.250000,0.750000,-0.125000,0.0250000,12.50,2,2.077100,", lines.get(1));
        assertEquals(rows, t.read(f));
        assertEquals(rows.subList(0, 1), t.read(f, 1));
        assertEquals(List.of(), t.read(dir.resolve("absent.csv")));
    }

    @Test void readsByNameWhateverTheOrderAndQuoting() throws IOException {
        Path f = dir.resolve("metrics.csv");
        Files.writeString(f, "seconds,\"epoch\",lr,val_accuracy,val_loss,train_accuracy,train_loss,note\n3.5,1,0.1,0.5,1.5,0.25,2.0,\"a, quoted note\"\n");
        assertEquals(List.of(new TrainEpoch(1, 2.0, 0.25, 1.5, 0.5, 0.1, 3.5)), new CsvTable<>(TrainEpoch.class, "accuracy").read(f));
        assertEquals(List.of("epoch", "train_loss", "train_accuracy", "val_loss", "val_accuracy", "lr", "seconds"),
                CsvTable.of(TrainEpoch.class, f, "r2", "accuracy").columns());
    }

    /** The files of the commit the issue names (1a79c11) were written with String.format; they read as they are. */
    @Test void readsTheEarlierFormat() throws IOException {
        Path f = dir.resolve("metrics.csv");
        Files.writeString(f, "epoch,train_loss,train_accuracy,val_loss,val_accuracy,lr,seconds,normal_skips,mean_alpha_entropy,dominant_eigenvalue\n"
                + "1,2.301234,0.112000,2.298765,0.125000,0.0249999,41.27,0,2.079120,\n");
        SearchEpoch r = new CsvTable<>(SearchEpoch.class, "accuracy").read(f).get(0);
        assertEquals(41.27, r.seconds());
        assertTrue(Double.isNaN(r.dominantEigenvalue()));
    }

    @Test void aMissingColumnOrABadNumberIsOneLine() throws IOException {
        Path f = dir.resolve("metrics.csv");
        Files.writeString(f, "epoch,train_loss,train_r2,val_loss,val_r2,lr\n1,2,3,4,5,6\n");
        IOException e = assertThrows(IOException.class, () -> new CsvTable<>(TrainEpoch.class, "r2").read(f));
        assertTrue(e.getMessage().contains("has no column seconds") && !e.getMessage().contains("\n"), e.getMessage());
        Files.writeString(f, "epoch,train_loss,train_r2,val_loss,val_r2,lr,seconds\n1,2,3,4,5,six,7\n");
        e = assertThrows(IOException.class, () -> new CsvTable<>(TrainEpoch.class, "r2").read(f));
        assertTrue(e.getMessage().endsWith("line 2: lr is 'six', expected a number"), e.getMessage());
        assertThrows(IOException.class, () -> CsvTable.of(TrainEpoch.class, f, "accuracy"));
    }
}

package org.darts4j.darts.genotype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenotypeResolveTest {
    @TempDir Path dir;

    @Test void namesTextFilesAndSearchFolders() throws Exception {
        assertEquals(Genotype.DARTS_V1, Genotype.resolve("DARTS_V1"));
        assertEquals(Genotype.DARTS_V2, Genotype.resolve("darts_v2"));
        assertEquals(Genotype.DARTS_V1, Genotype.resolve(Genotype.DARTS_V1.toString()));
        Files.writeString(dir.resolve("genotype.txt"), Genotype.DARTS_V2 + "\n");
        assertEquals(Genotype.DARTS_V2, Genotype.resolve(dir.toString()));
        Files.writeString(dir.resolve("g.json"), "{\"text\": \"" + Genotype.DARTS_V1 + "\"}");
        assertEquals(Genotype.DARTS_V1, Genotype.resolve(dir.resolve("g.json").toString()));
    }

    @Test void missingOrBadSourcesAreNamed() throws Exception {
        var e = assertThrows(java.io.IOException.class, () -> Genotype.resolve(dir.resolve("nope.txt").toString()));
        assertTrue(e.getMessage().contains("no such file or folder") && e.getMessage().contains("DARTS_V1"), e.getMessage());
        Files.createDirectories(dir.resolve("empty"));
        e = assertThrows(java.io.IOException.class, () -> Genotype.resolve(dir.resolve("empty").toString()));
        assertTrue(e.getMessage().contains("has no genotype.txt"), e.getMessage());
        Files.writeString(dir.resolve("bad.txt"), "Genotype(normal=[('conv_9x9', 0)])");
        var iae = assertThrows(IllegalArgumentException.class, () -> Genotype.resolve(dir.resolve("bad.txt").toString()));
        assertTrue(iae.getMessage().startsWith(dir.resolve("bad.txt").toString()), iae.getMessage());
    }
}

package org.darts4j.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Each Double* kernel class is exactly what tensor/gen-double.sh makes from its Float* template. */
class GeneratedSourcesTest {
    @Test void doubleTwinsAreUpToDate() throws IOException {
        Path dir = Path.of("src/main/java/org/darts4j/tensor/cpu");
        List<Path> templates;
        try (Stream<Path> s = Files.list(dir)) {
            templates = s.filter(p -> p.getFileName().toString().matches("Float\\w+\\.java")).sorted().collect(Collectors.toList());
        }
        assertFalse(templates.isEmpty(), "no Float* templates found in " + dir.toAbsolutePath());
        for (Path t : templates) {
            String expected = Files.readAllLines(t).stream()
                    .map(l -> l.contains("TWIN-NOTE") ? l : l.replace("Float", "Double").replace("float", "double").replace("sgemm", "dgemm"))
                    .collect(Collectors.joining("\n", "", "\n"));
            Path twin = dir.resolve("Double" + t.getFileName().toString().substring(5));
            assertEquals(expected, Files.readString(twin), twin + " is stale: run tensor/gen-double.sh");
        }
    }
}

package org.darts4j.darts.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.darts4j.darts.ToyData;
import org.darts4j.darts.genotype.Genotype;
import org.darts4j.darts.hypergradient.Hypergradients;
import org.darts4j.darts.search.Search;
import org.darts4j.darts.search.SearchConfig;
import org.darts4j.darts.train.Model;
import org.darts4j.darts.train.RunConfig;
import org.darts4j.darts.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Searches and trainings from Java", on a toy data set and a smaller network instead of Fashion-MNIST. */
class JavaApiExampleTest {
    @TempDir Path dir;

    @Test void theReadmeExampleSearchesAndRetrains() throws Exception {
        String data = ToyData.write(dir, 48);
        PrintStream out = new PrintStream(new ByteArrayOutputStream());
        SearchConfig search = SearchConfig.small()
                .withData(Data.of(data)).withSupernet(2, 3).withBatchSize(8)    // the toy's sizes instead of Fashion-MNIST's
                .withEpochs(1).withTrainSubset(40)
                .withHypergradient(Hypergradients.exact())
                .withAlpha(new Adam(3e-3, 0.5, 0.999, 1e-3));
        Genotype g = new Search(search, dir.resolve("runs/java-search"), out).run();
        assertEquals(search.toJson(), SearchConfig.read(dir.resolve("runs/java-search/config.json")).toJson());

        RunConfig retrain = RunConfig.of(new Model.DartsNetwork(g.toString(), 4, 3, 0.4, 0.2), Data.of(data).withTrainSubset(40))
                .withEpochs(2).withBatchSize(16).withSchedule(new LrSchedule.Cosine(0));
        Map<String, Object> summary = new Trainer(retrain, dir.resolve("runs/java-retrain"), out, false).run(null);
        assertEquals(g.toString(), summary.get("genotype"));
        assertTrue(summary.containsKey("test_accuracy"), summary.toString());
        assertEquals(retrain, RunConfig.read(dir.resolve("runs/java-retrain/config.json")));
    }
}

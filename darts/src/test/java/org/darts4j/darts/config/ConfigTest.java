package org.darts4j.darts.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.darts4j.darts.curvature.EarlyStopping;
import org.darts4j.darts.hypergradient.ExactHypergradient;
import org.darts4j.darts.hypergradient.Hypergradients;
import org.darts4j.darts.search.SearchConfig;
import org.darts4j.darts.search.method.SearchMethod;
import org.darts4j.darts.train.Model;
import org.darts4j.darts.train.RunConfig;
import org.darts4j.datasets.kirigami.KirigamiView;
import org.darts4j.tensor.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Typed configurations: the builder, config.json both ways, options bound by path, and the one-line refusals. */
class ConfigTest {
    @TempDir Path dir;

    @Test void theBuilderChangesOneConcernAndKeepsTheRest() {
        SearchConfig small = SearchConfig.small(), c = small.withEpochs(1).withHypergradient(Hypergradients.exact()).withArchLr(1e-2);
        assertEquals(1, c.epochs());
        assertInstanceOf(ExactHypergradient.class, c.hypergradient());
        assertEquals(new Adam(1e-2, 0.5, 0.999, 1e-3), c.alpha());
        assertEquals(small.data(), c.data());
        assertEquals(small.w(), c.w());
        assertEquals(List.of("epochs: 6 vs 1", "alpha.lr: 0.03 vs 0.01", "hypergradient: first-order vs exact"), small.differences(c));
        assertEquals(6, small.epochs(), "records are values: the preset is unchanged");
    }

    @Test void searchAndRunConfigurationsSurviveConfigJson() throws IOException {
        SearchConfig s = SearchConfig.paper().withMethod(new SearchMethod.PcDarts(2, false), 1).withCurvature(true, new EarlyStopping(3, 0.5))
                .withDtype(DType.FLOAT64).withView(KirigamiView.COARSE).withTargets(List.of("toughness")).withHypergradient(Hypergradients.implicit(1e-4, 0.1));
        s.write(dir.resolve("search.json"));
        SearchConfig back = SearchConfig.read(dir.resolve("search.json"));
        assertEquals(List.of(), s.differences(back));
        assertEquals(s.toJson(), back.toJson());
        String json = Files.readString(dir.resolve("search.json"));
        assertTrue(json.contains("\"dtype\" : \"float64\"") && json.contains("\"view\" : \"coarse\"") && json.contains("\"hypergradient\" : \"implicit:1.0E-4:0.1\""), json);
        for (Model m : List.of(new Model.ResNet("small-resnet", List.of(1, 2), 8, 5000), Model.DartsNetwork.of("DARTS_V2"), Model.Forest.of())) {
            RunConfig r = RunConfig.of(m, Data.of("kirigami-synthetic")).withEpochs(3).withSchedule(new LrSchedule.Step(2, 0.5));
            RunConfig again = RunConfig.fromJson(r.toJson());
            assertEquals(r, again);
            assertEquals(m, again.model());
        }
    }

    @Test void eachModelHasItsRecipe() {
        assertEquals(new Sgd(0.025, 0.9, 3e-4, false, 5), RunConfig.of(Model.DartsNetwork.of("DARTS_V2"), Data.of("mnist")).optimizer());
        assertEquals(new Sgd(0.1, 0.9, 5e-4, false, 0), RunConfig.of(Model.ResNet.of("resnet20"), Data.of("mnist")).optimizer());
    }

    /** Options as a command declares them: the given ones (non-null, a set flag) replace the preset's values by path. */
    static final class Options {
        @Bind("epochs") Integer epochs;
        @Bind("alpha.lr") Double archLr;
        @Bind("dtype") String dtype;
        @Bind("supernet.zeroAlphas") boolean zeroAlphas;
        @Bind("data.targets") List<String> targets;
        @Bind("hypergradient") String hypergradient;
    }

    @Test void optionsAreBoundByPath() {
        Options o = new Options();
        SearchConfig small = SearchConfig.small();
        assertEquals(small.toJson(), OptionBinding.apply(small, o).toJson(), "nothing given, nothing changed");
        o.epochs = 2;
        o.archLr = 0.1;
        o.dtype = "float64";
        o.zeroAlphas = true;
        o.targets = List.of("a", "b");
        o.hypergradient = "unroll:3";
        SearchConfig c = OptionBinding.apply(small, o);
        assertEquals(2, c.epochs());
        assertEquals(0.1, c.alpha().lr());
        assertEquals(DType.FLOAT64, c.dtype());
        assertTrue(c.supernet().zeroAlphas());
        assertEquals(List.of("a", "b"), c.data().targets());
        assertEquals("unroll:3", c.hypergradient().name());
    }

    @Test void badValuesAreRefusedInOneLineNamingTheOption() {
        Options o = new Options();
        o.dtype = "float16";
        assertEquals("unknown dtype 'float16': expected float32 or float64", assertThrows(IllegalArgumentException.class, () -> OptionBinding.apply(SearchConfig.small(), o)).getMessage());
        o.dtype = null;
        o.archLr = -1.0;
        assertEquals("--arch-lr: expected a positive finite number, got -1", assertThrows(IllegalArgumentException.class, () -> OptionBinding.apply(SearchConfig.small(), o)).getMessage());
        o.archLr = null;
        o.hypergradient = "magic";
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OptionBinding.apply(SearchConfig.small(), o)).getMessage().startsWith("unknown hypergradient 'magic'"));
        assertEquals("--warmup-epochs 6 leaves none of the 6 epochs to search α",
                assertThrows(IllegalArgumentException.class, () -> SearchConfig.small().withMethod(new SearchMethod.Darts(), 6)).getMessage());
    }

    /** A forest's option given for a ResNet is refused, not ignored. */
    static final class ForestOptions {
        @Bind("model.trees") @picocli.CommandLine.Option(names = "--trees") Integer trees = 5;
    }

    @Test void anOptionOfAnotherModelIsRefused() {
        RunConfig forest = OptionBinding.apply(RunConfig.of(Model.Forest.of(), Data.of("mnist")), new ForestOptions(), "--model random-forest");
        assertEquals(5, ((Model.Forest) forest.model()).trees());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OptionBinding.apply(RunConfig.of(Model.ResNet.of("resnet20"), Data.of("mnist")), new ForestOptions(), "--model resnet20"));
        assertEquals("--trees does not apply to --model resnet20", e.getMessage());
    }

    @Test void aConfigJsonThatIsNotOneIsRefusedInOneLine() throws IOException {
        Path f = dir.resolve("config.json");
        Files.writeString(f, SearchConfig.small().toJson().replaceFirst("\\{", "{ \"epochz\" : 3,"));
        IOException e = assertThrows(IOException.class, () -> SearchConfig.read(f));
        assertTrue(e.getMessage().startsWith(f + ": not a darts4j search configuration (") && e.getMessage().contains("epochz") && e.getMessage().lines().count() == 1, e.getMessage());
        Files.writeString(f, SearchConfig.small().toJson().replace("\"float32\"", "\"float8\""));
        e = assertThrows(IOException.class, () -> SearchConfig.read(f));
        assertEquals(f + ": not a darts4j search configuration (unknown dtype 'float8': expected float32 or float64)", e.getMessage());
        assertTrue(assertThrows(IOException.class, () -> RunConfig.read(dir.resolve("absent.json"))).getMessage().endsWith("no such file (a run folder holds config.json)"));
        // a run folder of the flat format (commit 1a79c11 to dd0378f) is refused in one line that says where it resumes
        Files.writeString(f, "{\"dataset\":\"fashion-mnist\",\"dataDir\":null,\"trainSubset\":2000,\"trainPortion\":0.5,\"epochs\":6,\"batchSize\":32,\"c\":4,"
                + "\"layers\":5,\"lr\":0.025,\"lrMin\":0.001,\"momentum\":0.9,\"weightDecay\":3.0E-4,\"gradClip\":5.0,\"archLr\":0.003,\"hypergradient\":\"first-order\","
                + "\"seed\":2,\"threads\":0,\"dtype\":\"float32\",\"view\":\"fine-padded\",\"targets\":[]}");
        e = assertThrows(IOException.class, () -> SearchConfig.read(f));
        assertTrue(e.getMessage().startsWith(f + ": a flat config.json of darts4j before typed configurations") && e.getMessage().contains(ConfigJson.LAST_FLAT)
                && e.getMessage().lines().count() == 1, e.getMessage());
    }
}

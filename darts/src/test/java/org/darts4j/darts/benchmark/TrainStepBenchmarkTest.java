package org.darts4j.darts.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.darts4j.darts.cli.Main;
import org.junit.jupiter.api.Test;

/** {@code bench train-step}: the peer's keys, the model it claims (by its parameter count), one-line errors. No timings asserted. */
class TrainStepBenchmarkTest {
    private static String run(int rc, String... args) {
        PrintStream old = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        System.setErr(new PrintStream(out, true));
        try {
            assertEquals(rc, Main.execute(args), out.toString());
        } finally {
            System.setOut(old);
            System.setErr(oldErr);
        }
        return out.toString().trim();
    }

    @Test void resnet20AndTheDartsNetworkPrintThePeersKeys() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode r = json.readTree(run(0, "bench", "train-step", "--batch", "2", "--size", "8", "--threads", "1", "--steps", "1"));
        // ResNet-20 for 1 input channel and 10 classes, as in PyTorch's port: 269,434 weights
        assertEquals(269_434, r.get("params").asLong(), r.toString());
        for (String k : List.of("train_step_s", "train_images_per_s", "inference_batch_s", "inference_images_per_s"))
            assertTrue(r.get(k).asDouble() > 0, k + " in " + r);
        JsonNode d = json.readTree(run(0, "bench", "train-step", "--model", "darts", "--C", "4", "--layers", "5", "--auxiliary-weight", "0.4",
                "--batch", "2", "--size", "32", "--threads", "1", "--steps", "1"));
        // bench/peers/torch_train_step.py counts 11,338 weights without the auxiliary head for this network
        assertEquals(11_338, d.get("params").asLong(), d.toString());
        assertEquals("DARTS_V2", d.get("genotype").asText());
    }

    @Test void badOptionsAreOneLine() {
        String e = run(1, "bench", "train-step", "--model", "vgg");
        assertTrue(e.contains("--model vgg: expected resnet20 or darts") && e.lines().count() == 1, e);
    }
}

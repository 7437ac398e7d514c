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

class SearchStepBenchmarkTest {
    private static String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        try {
            assertEquals(0, Main.execute(args), out.toString());
        } finally {
            System.setOut(old);
        }
        return out.toString().trim();
    }

    @Test void printsOneJsonLineWithThePeersKeys() throws Exception {
        String line = run("bench", "search-step", "--C", "2", "--layers", "3", "--batch", "2", "--size", "8", "--channels", "1", "--threads", "1", "--steps", "1");
        assertEquals(1, line.lines().count(), line);
        JsonNode j = new ObjectMapper().readTree(line);
        for (String k : List.of("weight_step_s", "arch_step_first_order_s", "search_step_first_order_s", "arch_step_second_order_s",
                "search_step_second_order_s", "arch_step_exact_s", "peak_rss_mib", "params"))
            assertTrue(j.has(k) && j.get(k).asDouble() > 0 || k.equals("peak_rss_mib") && j.has(k), k + " in " + line);
        JsonNode first = new ObjectMapper().readTree(run("bench", "search-step", "--C", "2", "--layers", "3", "--batch", "2", "--size", "8",
                "--channels", "1", "--threads", "1", "--steps", "1", "--first-order-only"));
        assertTrue(!first.has("arch_step_second_order_s") && first.has("search_step_first_order_s"), first.toString());
        JsonNode noExact = new ObjectMapper().readTree(run("bench", "search-step", "--C", "2", "--layers", "3", "--batch", "2", "--size", "8",
                "--channels", "1", "--threads", "1", "--steps", "1", "--no-exact"));
        assertTrue(noExact.has("search_step_second_order_s") && !noExact.has("arch_step_exact_s"), noExact.toString());
    }
}

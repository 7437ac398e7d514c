package org.darts4j.darts.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.darts4j.darts.ToyData;
import org.darts4j.darts.config.Data;
import org.darts4j.darts.search.Search;
import org.darts4j.darts.search.SearchConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.framework.Summary;
import org.tensorflow.util.Event;

/** Event files read back by TensorFlow's own generated protocol buffers, the records' CRCs checked. */
class EventFileTest {
    @TempDir Path dir;

    /** Every record of an event file, its framing and both CRCs checked, parsed as a tensorflow.Event. */
    static List<Event> read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<Event> out = new ArrayList<>();
        while (b.hasRemaining()) {
            byte[] len = new byte[8];
            b.get(len);
            long n = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertEquals(EventFile.maskedCrc(len, 0, 8), b.getInt(), "length CRC of record " + out.size());
            byte[] data = new byte[(int) n];
            b.get(data);
            assertEquals(EventFile.maskedCrc(data, 0, data.length), b.getInt(), "data CRC of record " + out.size());
            out.add(Event.parseFrom(data));
        }
        return out;
    }

    @Test void scalarsHistogramsAndImagesAreWhatTensorFlowReads() throws Exception {
        byte[] png = javax.imageio.ImageIO.class.getName().getBytes();   // any bytes: the image field carries them as they are
        Path f;
        try (EventFile e = new EventFile(dir)) {
            e.scalar("loss", 3, 0.25);
            e.histogram("alpha", 3, new double[] {0.1, 0.2, 0.2, 0.5}, 4);
            e.image("cell", 4, png, 20, 10);
            f = e.file();
        }
        assertTrue(f.getFileName().toString().startsWith("events.out.tfevents."), f.toString());
        List<Event> ev = read(f);
        assertEquals(4, ev.size());
        assertEquals("brain.Event:2", ev.get(0).getFileVersion());
        Summary.Value s = ev.get(1).getSummary().getValue(0);
        assertEquals(3, ev.get(1).getStep());
        assertEquals("loss", s.getTag());
        assertEquals(0.25f, s.getSimpleValue());
        var h = ev.get(2).getSummary().getValue(0).getHisto();
        assertEquals(4, h.getNum(), 0);
        assertEquals(0.1, h.getMin(), 1e-15);
        assertEquals(0.5, h.getMax(), 1e-15);
        assertEquals(1.0, h.getSum(), 1e-12);
        assertEquals(List.of(1.0, 2.0, 0.0, 1.0), h.getBucketList());
        assertEquals(4, h.getBucketLimitCount());
        var img = ev.get(3).getSummary().getValue(0).getImage();
        assertEquals(20, img.getWidth());
        assertEquals(10, img.getHeight());
        assertEquals(new String(png), img.getEncodedImageString().toStringUtf8());
        assertTrue(ev.get(1).getWallTime() > 1.7e9, "wall time in seconds since 1970");
    }

    @Test void aSearchLogsItsStepsAndEpochsForTensorBoard() throws Exception {
        String data = ToyData.write(dir, 32);
        Path run = dir.resolve("search");
        new Search(SearchConfig.small().withData(Data.of(data)).withEpochs(2).withBatchSize(8).withSupernet(2, 3)
                .withSeed(1), run, new PrintStream(new ByteArrayOutputStream())).run();
        Path file;
        try (Stream<Path> s = Files.list(run.resolve(EventFile.FOLDER))) {
            file = s.findFirst().orElseThrow();
        }
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, Summary.Value.ValueCase> kinds = new TreeMap<>();
        for (Event e : read(file))
            for (Summary.Value v : e.getSummary().getValueList()) {
                counts.merge(v.getTag(), 1, Integer::sum);
                kinds.put(v.getTag(), v.getValueCase());
            }
        // 16 examples per half, batch 8: 2 steps an epoch, 2 epochs
        assertEquals(4, counts.get("step/train_loss"));
        assertEquals(4, counts.get("step/hypergradient_norm"));
        for (String t : List.of("epoch/train_loss", "epoch/val_accuracy", "epoch/lr", "alpha/entropy_normal", "alpha/softmax_reduce", "cell/normal"))
            assertEquals(2, counts.get(t), t + " in " + counts);
        assertEquals(Summary.Value.ValueCase.HISTO, kinds.get("alpha/softmax_normal"));
        assertEquals(Summary.Value.ValueCase.IMAGE, kinds.get("cell/reduce"));
        assertEquals(Summary.Value.ValueCase.SIMPLE_VALUE, kinds.get("epoch/val_loss"));
    }

    /**
     * A run killed in its second epoch and resumed: the new event file starts with TensorBoard's restart marker at the
     * first step after the checkpoint, so that the killed epoch's steps in the first file are dropped.
     */
    @Test void aResumedSearchMarksItsRestartForTensorBoard() throws Exception {
        String data = ToyData.write(dir, 32);
        Path run = dir.resolve("search");
        SearchConfig c = SearchConfig.small().withData(Data.of(data)).withEpochs(2).withBatchSize(8).withSupernet(2, 3).withSeed(1);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        try {
            new Search(c, run, quiet).run(e -> { throw new IllegalStateException("killed after epoch " + e); });
        } catch (IllegalStateException expected) {
            assertEquals("killed after epoch 1", expected.getMessage());
        }
        new Search(c, run, quiet).run();
        List<Path> files;
        try (Stream<Path> s = Files.list(run.resolve(EventFile.FOLDER)).sorted()) {
            files = s.toList();
        }
        assertEquals(2, files.size(), files.toString());
        List<Event> second = read(files.get(1));
        Event start = second.stream().filter(Event::hasSessionLog).findFirst().orElseThrow();
        assertEquals(org.tensorflow.util.SessionLog.SessionStatus.START, start.getSessionLog().getStatus());
        assertEquals(3, start.getStep(), "2 steps an epoch: the resumed run starts at step 3");
        assertTrue(second.stream().filter(e -> e.hasSummary()).allMatch(e -> e.getStep() >= 3));
        assertTrue(second.indexOf(start) < second.stream().filter(Event::hasSummary).map(second::indexOf).min(Integer::compare).orElseThrow());
    }
}

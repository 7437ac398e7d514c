package org.darts4j.darts.logs;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * A TensorBoard event file ({@code events.out.tfevents.TIME.HOST}), written as TensorFlow writes it: a sequence of
 * records, each {@code uint64 length, uint32 masked CRC-32C of the length, the bytes, uint32 masked CRC-32C of the
 * bytes} (little-endian; mask(c) = ((c >>> 15) | (c << 17)) + 0xa282ead8), every record one serialised
 * {@code tensorflow.Event} protocol buffer, the first carrying {@code file_version = "brain.Event:2"}. The protocol
 * buffers are encoded here by hand ({@link Proto}) for the few fields used: scalars, histograms and PNG images in a
 * {@code Summary}. Each record is flushed when written, so a killed run loses at most the record being written, and
 * TensorBoard reads a run as it goes.
 */
public final class EventFile implements Closeable {
    /** The folder of a run folder that holds its event files (a new one for each process that runs or resumes it). */
    public static final String FOLDER = "tensorboard";

    private final OutputStream out;
    private final Path file;

    /** A new event file in {@code dir} (created if needed), named as TensorFlow names them. */
    public EventFile(Path dir) throws IOException {
        Files.createDirectories(dir);
        long now = System.currentTimeMillis();
        String host = org.darts4j.darts.run.RunLock.host().replaceAll("[^A-Za-z0-9._-]", "_");
        String name = String.format(Locale.ROOT, "events.out.tfevents.%010d.%s.%d", now / 1000, host, ProcessHandle.current().pid());
        OutputStream o = null;
        Path f = null;
        for (int n = 0; o == null; n++) {   // a run resumed by the same process within the same second: a new file all the same
            f = dir.resolve(n == 0 ? name : name + "." + n);
            try {
                o = Files.newOutputStream(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (java.nio.file.FileAlreadyExistsException taken) {
                if (n > 1000) throw taken;
            }
        }
        this.file = f;
        this.out = o;
        write(event(now / 1000.0, 0).string(3, "brain.Event:2"));
    }

    public Path file() { return file; }

    /** An Event's common fields: wall_time (1, seconds) and step (2). */
    private static Proto event(double wallTime, long step) { return new Proto().fixed64(1, wallTime).varint(2, step); }

    /** A scalar: Summary.Value { tag = 1, simple_value = 2 }. */
    public void scalar(String tag, long step, double value) throws IOException {
        summary(step, new Proto().string(1, tag).fixed32(2, (float) value));
    }

    /**
     * A histogram of {@code values}: Summary.Value { tag = 1, histo = 5 }, HistogramProto { min = 1, max = 2, num = 3,
     * sum = 4, sum_squares = 5, bucket_limit = 6, bucket = 7 }, with {@code buckets} equal buckets over [min, max].
     */
    public void histogram(String tag, long step, double[] values, int buckets) throws IOException {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum = 0, squares = 0;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
            squares += v * v;
        }
        if (values.length == 0) min = max = 0;
        double[] limits = new double[buckets], counts = new double[buckets];
        double width = (max - min) / buckets;
        for (int b = 0; b < buckets; b++) limits[b] = b == buckets - 1 ? max : min + width * (b + 1);
        for (double v : values) counts[width > 0 ? Math.min(buckets - 1, (int) ((v - min) / width)) : buckets - 1]++;
        Proto h = new Proto().fixed64(1, min).fixed64(2, max).fixed64(3, values.length).fixed64(4, sum).fixed64(5, squares)
                .packedDoubles(6, limits).packedDoubles(7, counts);
        summary(step, new Proto().string(1, tag).message(5, h));
    }

    /** A PNG image: Summary.Value { tag = 1, image = 4 }, Image { height = 1, width = 2, colorspace = 3, encoded_image_string = 4 }. */
    public void image(String tag, long step, byte[] png, int width, int height) throws IOException {
        Proto img = new Proto().varint(1, height).varint(2, width).varint(3, 3).bytes(4, png);
        summary(step, new Proto().string(1, tag).message(4, img));
    }

    /**
     * A restart at {@code step}: Event { wall_time, step, session_log = 7 { status = 1 (START) } }. TensorBoard then
     * drops what earlier files logged at this step or later (a killed run's steps after its last checkpoint), keeping
     * the resumed run's values only.
     */
    public void sessionStart(long step) throws IOException {
        write(event(System.currentTimeMillis() / 1000.0, step).message(7, new Proto().varint(1, 1)));
    }

    /** Event { wall_time, step, summary = 5 { value = 1 } }. */
    private void summary(long step, Proto value) throws IOException {
        write(event(System.currentTimeMillis() / 1000.0, step).message(5, new Proto().message(1, value)));
    }

    private synchronized void write(Proto event) throws IOException {
        byte[] data = event.toByteArray();
        ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(data.length);
        head.putInt(maskedCrc(head.array(), 0, 8));
        ByteBuffer tail = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(maskedCrc(data, 0, data.length));
        out.write(head.array());
        out.write(data);
        out.write(tail.array());
        out.flush();
    }

    /** TensorFlow's masked CRC-32C. */
    static int maskedCrc(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        int crc = (int) c.getValue();
        return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    }

    @Override public void close() throws IOException { out.close(); }

    /** Protocol-buffer encoding of the wire types used: varint (0), 64-bit (1), length-delimited (2), 32-bit (5). */
    static final class Proto {
        private final ByteArrayOutputStream b = new ByteArrayOutputStream();

        private void tag(int field, int wire) { raw((long) field << 3 | wire); }

        private void raw(long v) {
            while ((v & ~0x7FL) != 0) {
                b.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            b.write((int) v);
        }

        Proto varint(int field, long v) { tag(field, 0); raw(v); return this; }

        Proto fixed64(int field, double v) {
            tag(field, 1);
            b.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(v).array());
            return this;
        }

        Proto fixed32(int field, float v) {
            tag(field, 5);
            b.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(v).array());
            return this;
        }

        Proto bytes(int field, byte[] v) { tag(field, 2); raw(v.length); b.writeBytes(v); return this; }

        Proto string(int field, String s) { return bytes(field, s.getBytes(StandardCharsets.UTF_8)); }

        Proto message(int field, Proto m) { return bytes(field, m.toByteArray()); }

        Proto packedDoubles(int field, double[] v) {
            ByteBuffer bb = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            for (double d : v) bb.putDouble(d);
            return bytes(field, bb.array());
        }

        byte[] toByteArray() { return b.toByteArray(); }
    }
}

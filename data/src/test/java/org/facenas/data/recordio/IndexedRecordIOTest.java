package org.facenas.data.recordio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexedRecordIOTest {

    /** Little-endian uint32, written byte by byte (independent of ByteBuffer, which the writer uses). */
    private static void u32(ByteArrayOutputStream out, long v) {
        for (int i = 0; i < 4; i++) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
    }

    private static void u64(ByteArrayOutputStream out, long v) {
        u32(out, v & 0xffffffffL);
        u32(out, v >>> 32);
    }

    /**
     * The reference layout of one record, by hand: magic 0xced7230a, lrecord = cflag << 29 | length, data, zero
     * padding to 4 bytes. IRHeader 'IfQQ': uint32 flag, float32 label, uint64 id, uint64 id2, then flag floats.
     */
    private static byte[] handRecord(long flag, float scalar, long id, long id2, float[] extra, byte[] image) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        u32(payload, flag);
        u32(payload, Float.floatToIntBits(scalar));
        u64(payload, id);
        u64(payload, id2);
        for (float f : extra) {
            u32(payload, Float.floatToIntBits(f));
        }
        payload.writeBytes(image);
        byte[] p = payload.toByteArray();
        ByteArrayOutputStream rec = new ByteArrayOutputStream();
        u32(rec, 0xced7230aL);
        u32(rec, p.length); // cflag 0
        rec.writeBytes(p);
        while (rec.size() % 4 != 0) {
            rec.write(0);
        }
        return rec.toByteArray();
    }

    @Test
    void readsHandPackedInsightFaceSet(@TempDir Path dir) throws Exception {
        // record 0: flag 2, labels [3, 5): images 1..2, identity records 3..4; identity 0 has image 1, identity 1 image 2
        byte[] img1 = "jpeg-one".getBytes(StandardCharsets.US_ASCII);  // 8 bytes: payload 32, no padding
        byte[] img2 = "jpeg-two!".getBytes(StandardCharsets.US_ASCII); // 9 bytes: padded by 3
        List<byte[]> records = List.of(
                handRecord(2, 0f, 0, 0, new float[] {3, 5}, new byte[0]),
                handRecord(0, 0f, 1, 7, new float[0], img1),
                handRecord(0, 1f, 2, 0, new float[0], img2),
                handRecord(2, 0f, 3, 0, new float[] {1, 2}, new byte[0]),
                handRecord(2, 0f, 4, 0, new float[] {2, 3}, new byte[0]));
        ByteArrayOutputStream rec = new ByteArrayOutputStream();
        StringBuilder idx = new StringBuilder();
        // shuffled key order in the file, as a re-indexed set may have
        int[] fileOrder = {2, 0, 4, 1, 3};
        for (int k : fileOrder) {
            idx.append(k).append('\t').append(rec.size()).append('\n');
            rec.writeBytes(records.get(k));
        }
        Files.write(dir.resolve("train.rec"), rec.toByteArray());
        Files.writeString(dir.resolve("train.idx"), idx);
        Files.writeString(dir.resolve("property"), "2,112,112\n");

        try (IndexedRecordIO rio = IndexedRecordIO.open(dir.resolve("train.rec"), dir.resolve("train.idx"))) {
            assertEquals(5, rio.size());
            IndexedRecordIO.ImageRecord r2 = rio.readImageRecord(2);
            assertEquals(IrHeader.scalar(1f, 2), r2.header());
            assertArrayEquals(img2, r2.body());
            IndexedRecordIO.ImageRecord r1 = rio.readImageRecord(1);
            assertEquals(7, r1.header().id2());
            assertArrayEquals(new float[] {3, 5}, rio.readImageRecord(0).header().labels());
        }
        try (InsightFaceRecords set = InsightFaceRecords.open(dir)) {
            assertEquals(2, set.identities().size());
            assertEquals(new InsightFaceRecords.Identity(1, "1", 2, 3), set.identities().get(1));
            assertArrayEquals(img1, set.image(set.identities().get(0), 1).body());
            assertEquals(new InsightFaceProperty(2, 112, 112), set.property().orElseThrow());
        }
    }

    @Test
    void writerMatchesTheHandPackedLayout(@TempDir Path dir) throws Exception {
        byte[] img = "abcde".getBytes(StandardCharsets.US_ASCII);
        try (RecordIoWriter w = RecordIoWriter.create(dir.resolve("a.rec"), dir.resolve("a.idx"))) {
            w.write(0, IrHeader.multi(0, 3, 5), new byte[0]);
            w.write(1, IrHeader.scalar(4f, 1), img);
        }
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        byte[] r0 = handRecord(2, 0f, 0, 0, new float[] {3, 5}, new byte[0]);
        expected.writeBytes(r0);
        expected.writeBytes(handRecord(0, 4f, 1, 0, new float[0], img));
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(dir.resolve("a.rec")));
        assertEquals("0\t0\n1\t" + r0.length + "\n", Files.readString(dir.resolve("a.idx")));
    }

    @Test
    void payloadHoldingTheMagicIsSplitAndRejoined(@TempDir Path dir) throws Exception {
        byte[] magic = {0x0a, 0x23, (byte) 0xd7, (byte) 0xce};
        // magic at aligned offsets 4 and 12 (split there) and at unaligned offset 17 (kept)
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.writeBytes(new byte[] {1, 2, 3, 4});
        p.writeBytes(magic);
        p.writeBytes(new byte[] {5, 6, 7, 8});
        p.writeBytes(magic);
        p.writeBytes(new byte[] {9});
        p.writeBytes(magic);
        p.writeBytes(new byte[] {10, 11});
        byte[] payload = p.toByteArray();
        try (RecordIoWriter w = RecordIoWriter.create(dir.resolve("m.rec"), dir.resolve("m.idx"))) {
            w.write(0, payload);
            w.write(1, magic);
        }
        byte[] file = Files.readAllBytes(dir.resolve("m.rec"));
        // first part: cflag 1, 4 bytes
        assertEquals((1L << 29) | 4, Integer.toUnsignedLong(le(file, 4)));
        // second part: cflag 2, 4 bytes
        assertEquals((2L << 29) | 4, Integer.toUnsignedLong(le(file, 16)));
        // last part: cflag 3, 7 bytes, padded to 8
        assertEquals((3L << 29) | 7, Integer.toUnsignedLong(le(file, 28)));
        try (IndexedRecordIO rio = IndexedRecordIO.open(dir.resolve("m.rec"), dir.resolve("m.idx"))) {
            assertArrayEquals(payload, rio.read(0));
            assertArrayEquals(magic, rio.read(1));
        }
    }

    private static int le(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    @Test
    void randomPayloadsRoundTripFromManyThreads(@TempDir Path dir) throws Exception {
        Random random = new Random(7);
        List<byte[]> payloads = new ArrayList<>();
        try (RecordIoWriter w = RecordIoWriter.create(dir.resolve("r.rec"), dir.resolve("r.idx"))) {
            for (int i = 0; i < 500; i++) {
                byte[] b = new byte[random.nextInt(300)];
                random.nextBytes(b);
                if (b.length >= 8 && random.nextBoolean()) {
                    int at = random.nextInt(b.length / 4 - 1) * 4;
                    b[at] = 0x0a;
                    b[at + 1] = 0x23;
                    b[at + 2] = (byte) 0xd7;
                    b[at + 3] = (byte) 0xce;
                }
                payloads.add(b);
                w.write(i, b);
            }
        }
        try (IndexedRecordIO rio = IndexedRecordIO.open(dir.resolve("r.rec"), dir.resolve("r.idx"))) {
            java.util.stream.IntStream.range(0, 4000).parallel().forEach(n -> {
                int i = (n * 7919) % payloads.size();
                assertArrayEquals(payloads.get(i), rio.read(i), "record " + i);
            });
        }
    }

    private static Path smallSet(Path dir) throws Exception {
        Files.createDirectories(dir);
        try (InsightFaceRecordsWriter w = InsightFaceRecordsWriter.create(dir, 112, 112)) {
            w.beginIdentity("alice");
            w.addImage("a1".getBytes(StandardCharsets.US_ASCII), 1);
            w.addImage("a2".getBytes(StandardCharsets.US_ASCII), 3);
            w.beginIdentity("bob");
            w.addImage("b1".getBytes(StandardCharsets.US_ASCII), 1);
        }
        return dir;
    }

    @Test
    void insightFaceWriterRoundTrip(@TempDir Path dir) throws Exception {
        smallSet(dir);
        try (InsightFaceRecords set = InsightFaceRecords.open(dir)) {
            assertEquals(List.of("alice", "bob"), set.identities().stream().map(InsightFaceRecords.Identity::name).toList());
            InsightFaceRecords.Identity alice = set.identities().get(0);
            assertEquals(2, alice.imageCount());
            IndexedRecordIO.ImageRecord second = set.image(alice, set.imageKey(alice, 1));
            assertEquals("a2", new String(second.body(), StandardCharsets.US_ASCII));
            assertEquals(3, second.header().id2());
            assertEquals(new InsightFaceProperty(2, 112, 112), set.property().orElseThrow());
        }
    }

    @Test
    void corruptInputsAreOneLineErrorsNamingFileAndRecord(@TempDir Path dir) throws Exception {
        Path set = smallSet(dir.resolve("set"));
        Path rec = set.resolve("train.rec");
        Path idx = set.resolve("train.idx");
        String goodIdx = Files.readString(idx);
        byte[] goodRec = Files.readAllBytes(rec);

        // an offset past the end
        Files.writeString(idx, goodIdx + "99\t" + (goodRec.length + 100) + "\n");
        RecordIoFormatException past = assertThrows(RecordIoFormatException.class, () -> InsightFaceRecords.open(set));
        assertOneLine(past, "train.idx", "record 99", "past the end");

        // an idx that points into the middle of a record (aligned, but not a record start)
        Files.writeString(idx, goodIdx.replaceFirst("(?m)^1\t0$", "1\t8"));
        RecordIoFormatException middle = assertThrows(RecordIoFormatException.class, () -> {
            try (InsightFaceRecords s = InsightFaceRecords.open(set)) {
                s.image(s.identities().get(0), 1);
            }
        });
        assertOneLine(middle, "train.rec", "record 1", "magic");
        Files.writeString(idx, goodIdx);

        // bad magic at the first image record (opening reads record 0 and the identity records only)
        byte[] badMagic = goodRec.clone();
        badMagic[0] ^= 0x55;
        Files.write(rec, badMagic);
        RecordIoFormatException magic = assertThrows(RecordIoFormatException.class, () -> {
            try (InsightFaceRecords s = InsightFaceRecords.open(set)) {
                s.image(s.identities().get(0), 1);
            }
        });
        assertOneLine(magic, "train.rec", "record 1", "0xced7230a");

        // truncated .rec: the last record (record 0) loses its tail
        Files.write(rec, java.util.Arrays.copyOf(goodRec, goodRec.length - 12));
        RecordIoFormatException cut = assertThrows(RecordIoFormatException.class, () -> InsightFaceRecords.open(set));
        assertOneLine(cut, "train.rec", "record 0", "truncated");
        Files.write(rec, goodRec);

        // a property that disagrees with the records
        Files.writeString(set.resolve("property"), "3,112,112\n");
        RecordIoFormatException prop = assertThrows(RecordIoFormatException.class, () -> InsightFaceRecords.open(set));
        assertOneLine(prop, "property", "3 classes", "2 identities");
        Files.writeString(set.resolve("property"), "abc\n");
        assertOneLine(assertThrows(RecordIoFormatException.class, () -> InsightFaceRecords.open(set)), "property", "classes,height,width");
        Files.writeString(set.resolve("property"), "2,112,112\n");

        // an image labelled with another class than its identity's range says
        try (RecordIoWriter w = RecordIoWriter.create(rec, idx)) {
            w.write(1, IrHeader.scalar(1f, 1), "x".getBytes(StandardCharsets.US_ASCII));
            w.write(2, IrHeader.scalar(1f, 2), "y".getBytes(StandardCharsets.US_ASCII));
            w.write(3, IrHeader.multi(3, 1, 2), new byte[0]);
            w.write(4, IrHeader.multi(4, 2, 3), new byte[0]);
            w.write(0, IrHeader.multi(0, 3, 5), new byte[0]);
        }
        try (InsightFaceRecords s = InsightFaceRecords.open(set)) {
            RecordIoFormatException label = assertThrows(RecordIoFormatException.class, () -> s.image(s.identities().get(0), 1));
            assertOneLine(label, "train.rec", "record 1", "labelled 1.0");
        }

        // a malformed index line
        Files.writeString(idx, "0\t0\nnot an index\n");
        assertOneLine(assertThrows(RecordIoFormatException.class, () -> InsightFaceRecords.open(set)), "train.idx", "line 2");
    }

    private static void assertOneLine(RuntimeException e, String... parts) {
        String m = e.getMessage();
        assertTrue(!m.contains("\n"), "one line: " + m);
        for (String p : parts) {
            assertTrue(m.contains(p), "'" + m + "' should contain '" + p + "'");
        }
    }
}

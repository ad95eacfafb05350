package org.facenas.data.recordio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Random access to an MXNet indexed RecordIO pair ({@code train.rec} + {@code train.idx}) as written by
 * {@code mx.recordio.MXIndexedRecordIO} and read by InsightFace / arcface_torch.
 *
 * <p>The {@code .idx} holds one {@code key<TAB>offset} line per record; opening reads only it (never the
 * {@code .rec}), so a 5.8 M-image set opens in the time it takes to parse its index. Each record in the
 * {@code .rec} is {@code uint32 magic 0xced7230a}, {@code uint32 lrecord = cflag << 29 | length}, the bytes, and
 * zero padding to 4 bytes; a payload that itself contains the magic at an aligned position is split into parts
 * (cflag 1 start, 2 middle, 3 end) and the magic is put back between them on reading, as dmlc-core does.
 *
 * <p>Reads are positioned reads on one {@link FileChannel}, so one instance serves many threads. Anything that
 * does not match the format (bad magic, an offset past the end, a truncated record, an index that points into
 * the middle of a record) is a {@link RecordIoFormatException} naming the file and the record's key.
 */
public final class IndexedRecordIO implements AutoCloseable {

    /** dmlc-core's RecordIO magic number (written little-endian). */
    public static final int MAGIC = 0xced7230a;

    private final Path recFile;
    private final FileChannel channel;
    private final long recSize;
    /** Keys in ascending order, and the offset of each. */
    private final long[] keys;
    private final long[] offsets;
    private final boolean denseFromZero;

    private IndexedRecordIO(Path recFile, FileChannel channel, long recSize, long[] keys, long[] offsets) {
        this.recFile = recFile;
        this.channel = channel;
        this.recSize = recSize;
        this.keys = keys;
        this.offsets = offsets;
        boolean dense = true;
        for (int i = 0; i < keys.length && dense; i++) {
            dense = keys[i] == i;
        }
        this.denseFromZero = dense;
    }

    /**
     * Opens a record file with its index. Reads the index only; every offset is checked to lie inside the
     * {@code .rec}, and the first record's magic is checked so that a wrong file fails now, not at the first read.
     *
     * @throws RecordIoFormatException  when the index is malformed or points outside the record file
     * @throws UncheckedIOException     when a file cannot be read
     */
    public static IndexedRecordIO open(Path recFile, Path idxFile) {
        long[][] parsed = readIndex(idxFile);
        long[] keys = parsed[0];
        long[] offsets = parsed[1];
        FileChannel ch;
        long size;
        try {
            ch = FileChannel.open(recFile, StandardOpenOption.READ);
            size = ch.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + recFile + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < keys.length; i++) {
            if (offsets[i] < 0 || offsets[i] + 8 > size) {
                closeQuietly(ch);
                throw new RecordIoFormatException(idxFile + ": record " + keys[i] + " has offset " + offsets[i]
                        + ", past the end of " + recFile.getFileName() + " (" + size
                        + " bytes); the .idx does not belong to this .rec or the .rec is truncated");
            }
            if ((offsets[i] & 3) != 0) {
                closeQuietly(ch);
                throw new RecordIoFormatException(idxFile + ": record " + keys[i] + " has offset " + offsets[i]
                        + ", not a multiple of 4 as every RecordIO record starts; the .idx does not belong to this .rec");
            }
        }
        IndexedRecordIO rio = new IndexedRecordIO(recFile, ch, size, keys, offsets);
        if (keys.length > 0) {
            try {
                rio.readHead(keys[0], offsets[0]);
            } catch (RuntimeException e) {
                rio.close();
                throw e;
            }
        }
        return rio;
    }

    private static long[][] readIndex(Path idxFile) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(idxFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + idxFile + ": " + e.getMessage(), e);
        }
        // hand-rolled: String.split over millions of lines would dominate the open time
        long[] keys = new long[1024];
        long[] offsets = new long[1024];
        int n = 0;
        int line = 1;
        int i = 0;
        while (i < bytes.length) {
            int start = i;
            long key = 0;
            long offset = 0;
            int digits = 0;
            while (i < bytes.length && bytes[i] >= '0' && bytes[i] <= '9') {
                key = key * 10 + (bytes[i++] - '0');
                digits++;
            }
            boolean ok = digits > 0 && i < bytes.length && bytes[i] == '\t';
            if (ok) {
                i++;
                digits = 0;
                while (i < bytes.length && bytes[i] >= '0' && bytes[i] <= '9') {
                    offset = offset * 10 + (bytes[i++] - '0');
                    digits++;
                }
                ok = digits > 0 && digits < 19;
            }
            if (ok && i < bytes.length && bytes[i] == '\r') {
                i++;
            }
            if (!ok || (i < bytes.length && bytes[i] != '\n')) {
                int end = start;
                while (end < bytes.length && bytes[end] != '\n' && end - start < 60) {
                    end++;
                }
                throw new RecordIoFormatException(idxFile + " line " + line + ": expected 'key<TAB>offset', got '"
                        + new String(bytes, start, end - start, StandardCharsets.UTF_8) + "'; the file is not a RecordIO index");
            }
            i++;
            if (n == keys.length) {
                keys = Arrays.copyOf(keys, 2 * n);
                offsets = Arrays.copyOf(offsets, 2 * n);
            }
            keys[n] = key;
            offsets[n] = offset;
            n++;
            line++;
        }
        keys = Arrays.copyOf(keys, n);
        offsets = Arrays.copyOf(offsets, n);
        boolean sorted = true;
        for (int k = 1; k < n && sorted; k++) {
            sorted = keys[k] > keys[k - 1];
        }
        if (!sorted) {
            Integer[] order = new Integer[n];
            for (int k = 0; k < n; k++) {
                order[k] = k;
            }
            long[] ks = keys;
            Arrays.sort(order, (a, b) -> Long.compare(ks[a], ks[b]));
            long[] k2 = new long[n];
            long[] o2 = new long[n];
            for (int k = 0; k < n; k++) {
                k2[k] = keys[order[k]];
                o2[k] = offsets[order[k]];
                if (k > 0 && k2[k] == k2[k - 1]) {
                    throw new RecordIoFormatException(idxFile + ": key " + k2[k] + " is listed twice; the index is corrupt");
                }
            }
            keys = k2;
            offsets = o2;
        }
        return new long[][] {keys, offsets};
    }

    /** The record file. */
    public Path recFile() {
        return recFile;
    }

    /** Number of indexed records. */
    public int size() {
        return keys.length;
    }

    /** Whether the index lists {@code key}. */
    public boolean contains(long key) {
        return position(key) >= 0;
    }

    /** The indexed keys in ascending order. */
    public long[] keys() {
        return keys.clone();
    }

    private int position(long key) {
        if (denseFromZero) {
            return key >= 0 && key < keys.length ? (int) key : -1;
        }
        int p = Arrays.binarySearch(keys, key);
        return p >= 0 ? p : -1;
    }

    /**
     * The payload of the record with this key (IRHeader and image for an image record).
     *
     * @throws RecordIoFormatException when the key is not indexed or the record is damaged
     */
    public byte[] read(long key) {
        int p = position(key);
        if (p < 0) {
            throw new RecordIoFormatException(recFile + ": no record " + key + " in its index (" + keys.length + " records)");
        }
        return readAt(key, offsets[p]);
    }

    /** The payload of the record with this key, split into its IRHeader and body. */
    public ImageRecord readImageRecord(long key) {
        byte[] payload = read(key);
        IrHeader h = IrHeader.unpack(payload, recFile + " record " + key);
        return new ImageRecord(key, h, h.body(payload));
    }

    /** A record read as an image record. */
    public record ImageRecord(long key, IrHeader header, byte[] body) {
    }

    private long[] readHead(long key, long offset) {
        ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(head, offset, key);
        head.flip();
        int magic = head.getInt();
        if (magic != MAGIC) {
            throw new RecordIoFormatException(recFile + ": record " + key + " at offset " + offset + " starts with 0x"
                    + Integer.toHexString(magic) + ", not the RecordIO magic 0xced7230a; the .idx does not match the .rec "
                    + "or the file is not MXNet RecordIO");
        }
        int lrec = head.getInt();
        return new long[] {lrec >>> 29, lrec & ((1 << 29) - 1)};
    }

    private byte[] readAt(long key, long offset) {
        ByteArrayOutputStream out = null;
        long pos = offset;
        while (true) {
            long[] flagLen = readHead(key, pos);
            int cflag = (int) flagLen[0];
            int len = (int) flagLen[1];
            boolean first = pos == offset;
            if (first ? cflag == 2 || cflag == 3 : cflag == 0 || cflag == 1) {
                throw new RecordIoFormatException(recFile + ": record " + key + " at offset " + pos + " has continuation flag "
                        + cflag + (first ? " at its start" : " inside a multi-part record") + "; the .idx points into the "
                        + "middle of a record or the file is corrupt");
            }
            if (pos + 8 + len > recSize) {
                throw new RecordIoFormatException(recFile + ": record " + key + " at offset " + pos + " announces " + len
                        + " bytes but the file ends after " + (recSize - pos - 8) + "; the .rec is truncated");
            }
            ByteBuffer body = ByteBuffer.allocate(len);
            readFully(body, pos + 8, key);
            if (cflag == 0) {
                return body.array();
            }
            if (out == null) {
                out = new ByteArrayOutputStream(len * 2 + 8);
            }
            out.writeBytes(body.array());
            if (cflag == 3) {
                return out.toByteArray();
            }
            // the writer cut the payload at a magic number; it belongs to the data
            out.write(0x0a);
            out.write(0x23);
            out.write(0xd7);
            out.write(0xce);
            pos += 8 + ((len + 3L) & ~3L);
        }
    }

    private void readFully(ByteBuffer buf, long position, long key) {
        try {
            long p = position;
            while (buf.hasRemaining()) {
                int r = channel.read(buf, p);
                if (r < 0) {
                    throw new RecordIoFormatException(recFile + ": record " + key + " is cut off at byte " + p
                            + " (file size " + recSize + "); the .rec is truncated");
                }
                p += r;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + recFile + " record " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing to lose on a read-only channel
        }
    }
}

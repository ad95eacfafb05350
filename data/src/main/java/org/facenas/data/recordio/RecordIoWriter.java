package org.facenas.data.recordio;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes an MXNet indexed RecordIO pair record by record, byte for byte as dmlc-core's {@code RecordIOWriter}
 * and {@code MXIndexedRecordIO.write_idx} do: aligned occurrences of the magic number inside a payload split it
 * into continuation parts, every record is padded to 4 bytes, and the index gets {@code key<TAB>offset} lines.
 */
public final class RecordIoWriter implements AutoCloseable {

    private static final byte[] MAGIC_LE = {0x0a, 0x23, (byte) 0xd7, (byte) 0xce};

    private final Path recFile;
    private final OutputStream rec;
    private final Writer idx;
    private long position;

    private RecordIoWriter(Path recFile, OutputStream rec, Writer idx) {
        this.recFile = recFile;
        this.rec = rec;
        this.idx = idx;
    }

    /** Creates (or replaces) both files. */
    public static RecordIoWriter create(Path recFile, Path idxFile) {
        try {
            return new RecordIoWriter(recFile, new BufferedOutputStream(Files.newOutputStream(recFile), 1 << 20),
                    Files.newBufferedWriter(idxFile, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + recFile + " / " + idxFile + ": " + e.getMessage(), e);
        }
    }

    /** Appends one record under {@code key} (the index line is written now). */
    public void write(long key, byte[] payload) {
        try {
            idx.write(key + "\t" + position + "\n");
            int len = payload.length;
            int lowerAlign = len & ~3;
            int done = 0;
            for (int i = 0; i < lowerAlign; i += 4) {
                if (payload[i] == MAGIC_LE[0] && payload[i + 1] == MAGIC_LE[1] && payload[i + 2] == MAGIC_LE[2]
                        && payload[i + 3] == MAGIC_LE[3]) {
                    part(done == 0 ? 1 : 2, payload, done, i - done);
                    done = i + 4;
                }
            }
            part(done != 0 ? 3 : 0, payload, done, len - done);
            int pad = (-(len - done)) & 3;
            rec.write(new byte[pad]);
            position += pad;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + recFile + ": " + e.getMessage(), e);
        }
    }

    /** Appends an image record: its IRHeader followed by the encoded image. */
    public void write(long key, IrHeader header, byte[] body) {
        write(key, header.pack(body));
    }

    private void part(int cflag, byte[] data, int from, int length) throws IOException {
        if (length >= 1 << 29) {
            throw new IllegalArgumentException("a RecordIO record part is limited to 512 MiB, got " + length + " bytes");
        }
        ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        head.putInt(IndexedRecordIO.MAGIC).putInt(cflag << 29 | length);
        rec.write(head.array());
        rec.write(data, from, length);
        position += 8 + length;
    }

    @Override
    public void close() {
        try (rec; idx) {
            rec.flush();
            idx.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish " + recFile + ": " + e.getMessage(), e);
        }
    }
}

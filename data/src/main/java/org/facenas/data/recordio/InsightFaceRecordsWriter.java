package org.facenas.data.recordio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes an InsightFace set folder identity by identity: image records {@code 1..}, then one identity record per
 * identity with its image range, then record 0 announcing both ranges (written last in the file, indexed as key
 * 0, as InsightFace's own packing scripts do), plus {@code property} and {@code identities.tsv}.
 *
 * <p>Each image header carries the class label and, in {@code id2}, the image's LFW number (1-based), so that an
 * LFW pairs file still resolves against the packed set and {@code data unpack} restores the file names;
 * InsightFace's readers ignore {@code id2}.
 */
public final class InsightFaceRecordsWriter implements AutoCloseable {

    private final Path folder;
    private final RecordIoWriter writer;
    private final List<long[]> ranges = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final int height;
    private final int width;
    private long next = 1;
    private long identityStart = -1;
    private boolean closed;

    private InsightFaceRecordsWriter(Path folder, RecordIoWriter writer, int height, int width) {
        this.folder = folder;
        this.writer = writer;
        this.height = height;
        this.width = width;
    }

    /** Creates train.rec / train.idx in an existing folder; {@code height x width} goes into {@code property}. */
    public static InsightFaceRecordsWriter create(Path folder, int height, int width) {
        return new InsightFaceRecordsWriter(folder, RecordIoWriter.create(folder.resolve(InsightFaceRecords.REC),
                folder.resolve(InsightFaceRecords.IDX)), height, width);
    }

    /** Starts the next identity (class = number of identities begun before it). */
    public void beginIdentity(String name) {
        endIdentity();
        if (name.contains("\t") || name.contains("\n")) {
            throw new IllegalArgumentException("identity name '" + name + "' holds a tab or newline");
        }
        names.add(name);
        identityStart = next;
    }

    /** Appends an encoded image of the current identity; {@code lfwNumber} is its 1-based number (0: unknown). */
    public void addImage(byte[] encoded, int lfwNumber) {
        if (identityStart < 0) {
            throw new IllegalStateException("beginIdentity before addImage");
        }
        writer.write(next, new IrHeader(0, new float[] {names.size() - 1}, next, lfwNumber), encoded);
        next++;
    }

    private void endIdentity() {
        if (identityStart >= 0) {
            ranges.add(new long[] {identityStart, next});
            identityStart = -1;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        endIdentity();
        long imageEnd = next;
        for (long[] r : ranges) {
            writer.write(next, IrHeader.multi(next, r[0], r[1]), new byte[0]);
            next++;
        }
        writer.write(0, IrHeader.multi(0, imageEnd, next), new byte[0]);
        writer.close();
        new InsightFaceProperty(names.size(), height, width).write(folder.resolve(InsightFaceRecords.PROPERTY));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            sb.append(i).append('\t').append(names.get(i)).append('\n');
        }
        try {
            Files.writeString(folder.resolve(InsightFaceRecords.NAMES), sb, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + folder.resolve(InsightFaceRecords.NAMES), e);
        }
    }
}

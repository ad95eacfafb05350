package org.facenas.data.recordio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An InsightFace training set folder ({@code faces_webface_112x112/}, {@code faces_emore/}, ...): {@code train.rec},
 * {@code train.idx}, {@code property}, and optionally FaceNAS's {@code identities.tsv} naming each class.
 *
 * <p>Record 0 carries a multi-label header {@code [imageEnd, identityEnd]}: images are records
 * {@code 1 .. imageEnd-1} and identity records {@code imageEnd .. identityEnd-1}; identity record {@code k} (class
 * {@code k - imageEnd}) has the labels {@code [first, end)} of its images. Opening reads the index, record 0 and the
 * identity records (not the images). A set whose record 0 has no labels (flag 0) has no identity records; it is
 * then grouped by reading every image header once (the only case that scans the file).
 *
 * <p>Images read through {@link #image(Identity, long)} are checked against their identity's class, so a record
 * placed under the wrong identity is an error naming it, never a silent wrong label.
 */
public final class InsightFaceRecords implements AutoCloseable {

    public static final String REC = "train.rec";
    public static final String IDX = "train.idx";
    public static final String PROPERTY = "property";
    /** FaceNAS's optional sidecar: {@code class<TAB>name} per line, so names survive a pack / unpack round trip. */
    public static final String NAMES = "identities.tsv";

    /**
     * One identity: its class label, name, and the record range of its images.
     *
     * @param label class label the image headers carry
     * @param name  the name from {@code identities.tsv}, else the label in decimal
     * @param first first image record
     * @param end   one past the last image record
     */
    public record Identity(int label, String name, long first, long end) {
        public int imageCount() {
            return (int) (end - first);
        }
    }

    private final Path folder;
    private final IndexedRecordIO records;
    private final InsightFaceProperty property;
    private final List<Identity> identities;
    private final long[] scannedKeys;

    private InsightFaceRecords(Path folder, IndexedRecordIO records, InsightFaceProperty property, List<Identity> identities,
                               long[] scannedKeys) {
        this.folder = folder;
        this.records = records;
        this.property = property;
        this.identities = List.copyOf(identities);
        this.scannedKeys = scannedKeys;
    }

    /** Whether {@code folder} looks like an InsightFace set (holds train.rec and train.idx). */
    public static boolean isRecordFolder(Path folder) {
        return Files.isRegularFile(folder.resolve(REC)) && Files.isRegularFile(folder.resolve(IDX));
    }

    /**
     * Opens a set folder.
     *
     * @throws RecordIoFormatException when a file disagrees with the format or with another file
     */
    public static InsightFaceRecords open(Path folder) {
        Path rec = folder.resolve(REC);
        Path idx = folder.resolve(IDX);
        Path prop = folder.resolve(PROPERTY);
        if (!isRecordFolder(folder)) {
            throw new IllegalArgumentException(folder + " has no train.rec and train.idx; pass an InsightFace set folder");
        }
        InsightFaceProperty property = Files.isRegularFile(prop) ? InsightFaceProperty.read(prop) : null;
        IndexedRecordIO rio = IndexedRecordIO.open(rec, idx);
        try {
            Map<Integer, String> names = readNames(folder.resolve(NAMES));
            List<Identity> ids = new ArrayList<>();
            long[] scanned = null;
            IrHeader h0 = rio.contains(0) ? rio.readImageRecord(0).header() : null;
            if (h0 != null && h0.flag() >= 2) {
                long imageEnd = (long) h0.labels()[0];
                long idEnd = (long) h0.labels()[1];
                if (imageEnd < 1 || idEnd < imageEnd) {
                    throw new RecordIoFormatException(rec + " record 0: header labels [" + imageEnd + ", " + idEnd
                            + ") are not an identity-record range after the images");
                }
                for (long k = imageEnd; k < idEnd; k++) {
                    if (!rio.contains(k)) {
                        throw new RecordIoFormatException(idx + ": identity record " + k + " (record 0 announces " + imageEnd
                                + ".." + (idEnd - 1) + ") is not in the index; the .idx disagrees with the .rec");
                    }
                    IrHeader h = rio.readImageRecord(k).header();
                    if (h.flag() < 2) {
                        throw new RecordIoFormatException(rec + " record " + k + ": identity record without an image range "
                                + "(flag " + h.flag() + "); the .rec is not an InsightFace set or record 0 is wrong");
                    }
                    long first = (long) h.labels()[0];
                    long end = (long) h.labels()[1];
                    if (first < 1 || end < first || end > imageEnd) {
                        throw new RecordIoFormatException(rec + " record " + k + ": image range [" + first + ", " + end
                                + ") lies outside the images 1.." + (imageEnd - 1));
                    }
                    int label = (int) (k - imageEnd);
                    ids.add(new Identity(label, names.getOrDefault(label, Integer.toString(label)), first, end));
                }
            } else {
                // no identity records: group images by their label (reads every image header once)
                long[] keys = rio.keys();
                TreeMap<Integer, List<Long>> byLabel = new TreeMap<>();
                for (long k : keys) {
                    if (k == 0 && h0 != null && h0.flag() > 0) {
                        continue;
                    }
                    int label = (int) rio.readImageRecord(k).header().label();
                    byLabel.computeIfAbsent(label, x -> new ArrayList<>()).add(k);
                }
                List<Long> ordered = new ArrayList<>();
                for (Map.Entry<Integer, List<Long>> e : byLabel.entrySet()) {
                    long first = ordered.size();
                    ordered.addAll(e.getValue());
                    ids.add(new Identity(e.getKey(), names.getOrDefault(e.getKey(), Integer.toString(e.getKey())), first, ordered.size()));
                }
                scanned = ordered.stream().mapToLong(Long::longValue).toArray();
            }
            if (property != null && property.classes() != ids.size()) {
                throw new RecordIoFormatException(prop + " says " + property.classes() + " classes but " + rec + " holds "
                        + ids.size() + " identities; the property file belongs to another set");
            }
            return new InsightFaceRecords(folder, rio, property, ids, scanned);
        } catch (RuntimeException e) {
            rio.close();
            throw e;
        }
    }

    private static Map<Integer, String> readNames(Path file) {
        Map<Integer, String> names = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return names;
        }
        try {
            int line = 0;
            for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                line++;
                if (l.isBlank()) {
                    continue;
                }
                String[] f = l.split("\t");
                try {
                    if (f.length != 2) {
                        throw new NumberFormatException();
                    }
                    names.put(Integer.parseInt(f[0].trim()), f[1].trim());
                } catch (NumberFormatException e) {
                    throw new RecordIoFormatException(file + " line " + line + ": expected 'class<TAB>name', got '" + l + "'");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return names;
    }

    public Path folder() {
        return folder;
    }

    /** The property file's content, if the folder has one. */
    public Optional<InsightFaceProperty> property() {
        return Optional.ofNullable(property);
    }

    /** Identities in class order. */
    public List<Identity> identities() {
        return identities;
    }

    /** Number of image records. */
    public long imageCount() {
        return identities.stream().mapToLong(Identity::imageCount).sum();
    }

    /** The record key of the {@code i}-th image of an identity (0-based). */
    public long imageKey(Identity id, int i) {
        if (i < 0 || i >= id.imageCount()) {
            throw new IndexOutOfBoundsException("identity " + id.name() + " has " + id.imageCount() + " images, asked for " + i);
        }
        return scannedKeys == null ? id.first() + i : scannedKeys[(int) id.first() + i];
    }

    /**
     * Reads an image record of {@code id}: its header (checked to carry the identity's class) and encoded image.
     *
     * @throws RecordIoFormatException when the record is damaged or labelled with another class
     */
    public IndexedRecordIO.ImageRecord image(Identity id, long key) {
        IndexedRecordIO.ImageRecord r = records.readImageRecord(key);
        if ((int) r.header().label() != id.label()) {
            throw new RecordIoFormatException(records.recFile() + " record " + key + ": image labelled "
                    + r.header().label() + " lies in the range of identity " + id.label() + " (" + id.name()
                    + "); the identity records disagree with the images");
        }
        if (r.body().length == 0) {
            throw new RecordIoFormatException(records.recFile() + " record " + key + ": image record without image bytes");
        }
        return r;
    }

    /** The underlying record file. */
    public IndexedRecordIO records() {
        return records;
    }

    @Override
    public void close() {
        records.close();
    }
}

package org.facenas.data.source;

import org.facenas.data.hash.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.facenas.data.recordio.InsightFaceRecords;
import org.facenas.data.recordio.InsightFaceRecords.Identity;
import org.facenas.data.recordio.IrHeader;

/**
 * A {@link FaceSource} over an InsightFace set ({@link InsightFaceRecords}); keys are {@code #record}. Opening reads
 * the index and the identity records; image bytes are read (positioned reads) when asked for.
 */
public final class RecordIoSource implements FaceSource {

    private final InsightFaceRecords records;
    private final Map<String, Identity> byName = new LinkedHashMap<>();
    private volatile String hash;

    private RecordIoSource(InsightFaceRecords records) {
        this.records = records;
        for (Identity id : records.identities()) {
            if (byName.putIfAbsent(id.name(), id) != null) {
                records.close();
                throw new IllegalArgumentException(records.folder().resolve(InsightFaceRecords.NAMES) + ": name " + id.name()
                        + " is given to two classes; names must be unique");
            }
        }
    }

    public static RecordIoSource open(Path folder) {
        return new RecordIoSource(InsightFaceRecords.open(folder.toAbsolutePath().normalize()));
    }

    /** The underlying set. */
    public InsightFaceRecords records() {
        return records;
    }

    @Override
    public Path root() {
        return records.folder();
    }

    @Override
    public Format format() {
        return Format.INSIGHTFACE_RECORDIO;
    }

    @Override
    public List<String> identities() {
        return List.copyOf(byName.keySet());
    }

    @Override
    public List<SourceImage> images(String identity) {
        Identity id = byName.get(identity);
        if (id == null) {
            return List.of();
        }
        List<SourceImage> out = new ArrayList<>(id.imageCount());
        for (int i = 0; i < id.imageCount(); i++) {
            out.add(new SourceImage(identity, "#" + records.imageKey(id, i)));
        }
        return out;
    }

    /** The identity record behind a name. */
    public Optional<Identity> identity(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public Optional<SourceImage> lfwImage(String identity, int n) {
        Identity id = byName.get(identity);
        if (id == null || n < 1) {
            return Optional.empty();
        }
        // packed by FaceNAS: the LFW number is in id2; otherwise the n-th image in record order
        for (int i = 0; i < id.imageCount(); i++) {
            long key = records.imageKey(id, i);
            IrHeader h = records.image(id, key).header();
            if (h.id2() == n) {
                return Optional.of(new SourceImage(identity, "#" + key));
            }
            if (h.id2() == 0) {
                return n <= id.imageCount() ? Optional.of(new SourceImage(identity, "#" + records.imageKey(id, n - 1)))
                        : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The record key behind an image of this source. */
    public long recordKey(SourceImage image) {
        if (!image.key().startsWith("#")) {
            throw new IllegalArgumentException("image key " + image.key() + " is not a record of " + root());
        }
        return Long.parseLong(image.key().substring(1));
    }

    @Override
    public byte[] bytes(SourceImage image) {
        Identity id = byName.get(image.identity());
        if (id == null) {
            throw new IllegalArgumentException("no identity " + image.identity() + " in " + root());
        }
        return records.image(id, recordKey(image)).body();
    }

    /** The image's header (its class label and, when FaceNAS packed it, its LFW number in id2). */
    public IrHeader header(SourceImage image) {
        return records.image(byName.get(image.identity()), recordKey(image)).header();
    }

    @Override
    public long imageCount() {
        return records.imageCount();
    }

    /** SHA-256 over the index, the record file's size, property and names: cheap, and changes with any repacking. */
    @Override
    public String contentHash() {
        if (hash == null) {
            try {
                MessageDigest sha = Sha256.digest();
                for (String name : List.of(InsightFaceRecords.IDX, InsightFaceRecords.PROPERTY, InsightFaceRecords.NAMES)) {
                    Path f = root().resolve(name);
                    if (Files.isRegularFile(f)) {
                        Sha256.update(sha, f);
                    }
                    sha.update((byte) 0);
                }
                Sha256.update(sha, Long.toString(Files.size(root().resolve(InsightFaceRecords.REC))));
                hash = Sha256.hex(sha);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot hash " + root() + ": " + e.getMessage(), e);
            }
        }
        return hash;
    }

    @Override
    public List<Path> defaultVerification() {
        try (Stream<Path> s = Files.list(root())) {
            List<Path> bins = new ArrayList<>(s.filter(p -> p.getFileName().toString().endsWith(".bin") && Files.isRegularFile(p))
                    .sorted().toList());
            bins.sort((a, b) -> Boolean.compare(!a.getFileName().toString().equals("lfw.bin"), !b.getFileName().toString().equals("lfw.bin")));
            return bins;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root(), e);
        }
    }

    @Override
    public void close() {
        records.close();
    }
}

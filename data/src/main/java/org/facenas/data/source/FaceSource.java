package org.facenas.data.source;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.facenas.data.recordio.InsightFaceRecords;

/**
 * Where face images come from, whatever their packaging: identities, each identity's images as encoded bytes
 * under stable keys, a content hash, and the verification sets the folder brings. Images stay encoded until a
 * caller decodes the ones it wants, so a source costs memory for its listing only.
 *
 * <p>Implementations: {@link LfwFolderSource} ({@code images/NAME/NAME_0001.jpg} plus LFW people/pairs files) and
 * {@link RecordIoSource} (InsightFace's {@code train.rec}/{@code train.idx}/{@code property} plus {@code *.bin}).
 * Safe for concurrent reads.
 */
public interface FaceSource extends AutoCloseable {

    /** The packaging of a source. */
    enum Format { LFW_FOLDER, INSIGHTFACE_RECORDIO }

    /** Opens a folder in whichever layout it holds: RecordIO when it has train.rec and train.idx, else LFW. */
    static FaceSource open(Path folder) {
        return InsightFaceRecords.isRecordFolder(folder) ? RecordIoSource.open(folder) : LfwFolderSource.open(folder);
    }

    Path root();

    Format format();

    /** Identity names in the source's own order. */
    List<String> identities();

    /** Images of one identity in the source's order; empty for an unknown identity. */
    List<SourceImage> images(String identity);

    /** Image number {@code n} (1-based, LFW numbering) of an identity, as an LFW pairs file names it. */
    Optional<SourceImage> lfwImage(String identity, int n);

    /**
     * The encoded bytes (JPEG, PNG, PGM) of an image.
     *
     * @throws java.io.UncheckedIOException when the file cannot be read
     * @throws IllegalArgumentException     when the source is damaged at that image (message names file and record)
     */
    byte[] bytes(SourceImage image);

    /** Number of images over all identities. */
    long imageCount();

    /** Identifies the source's content: caches and provenance key on it. */
    String contentHash();

    /**
     * The verification sets the folder brings, in order (the first ranks a search): {@code pairsDevTest.txt} for an
     * LFW folder; {@code lfw.bin} first and then the other {@code *.bin} for a RecordIO set.
     */
    List<Path> defaultVerification();

    /**
     * The verification sets to score: {@code given} when it names sets, else {@link #defaultVerification()}. A RecordIO
     * set given one file that does not exist also takes its own (callers pass {@code DIR/pairsDevTest.txt} by default,
     * which an InsightFace set does not hold). Each given set must exist and no two may share a file name (results
     * name a set by its file name).
     *
     * @throws IllegalArgumentException naming the missing or repeated set, or a folder without any
     */
    default List<Path> verification(List<Path> given) {
        boolean records = format() == Format.INSIGHTFACE_RECORDIO;
        if (given.isEmpty() || records && given.size() == 1 && !java.nio.file.Files.exists(given.get(0))) {
            List<Path> defaults = defaultVerification();
            if (defaults.isEmpty()) {
                throw new IllegalArgumentException("no verification set: " + (given.isEmpty() ? "" : given.get(0)
                        + " does not exist and ") + root() + " holds no " + (records ? ".bin" : "pairsDevTest.txt")
                        + "; pass --pairs FILE (an LFW pairs file or a .bin)");
            }
            return defaults;
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Path file : given) {
            if (!java.nio.file.Files.isRegularFile(file)) {
                throw new IllegalArgumentException("verification set " + file + " does not exist: give an LFW pairs file or an InsightFace .bin");
            }
            if (!names.add(file.getFileName().toString())) {
                throw new IllegalArgumentException("two verification sets are named " + file.getFileName()
                        + ": results name each set by its file name; rename or copy one");
            }
        }
        return List.copyOf(given);
    }

    /**
     * How reports name an image: its key in a folder (a path that says whose it is); identity and key in a RecordIO
     * set, where a record's key alone ({@code #N}) does not.
     */
    default String displayName(SourceImage image) {
        return format() == Format.INSIGHTFACE_RECORDIO ? image.identity() + " " + image.key() : image.key();
    }

    /**
     * The identities a verification set's scored pairs name, in pair order, read without any image: what must not be
     * trained on. None for a {@code .bin}, whose images name no one.
     *
     * @param perFold at most this many pairs of each fold are scored, half same and half different (0 = all)
     */
    default List<String> verificationIdentities(Path file, int perFold) {
        return VerificationPairs.identitiesNamed(file, perFold);
    }

    /**
     * The scored pairs of a verification set with their images' bytes: a {@code .bin} (by its name) holds its images,
     * folds as InsightFace's 10 contiguous ones; an LFW pairs file's images are read from this source, and a pair with
     * a missing image is dropped, named in {@link VerificationPairs#dropped()} and in one warning.
     *
     * @param perFold at most this many pairs of each fold, half same and half different (0 = all)
     */
    default VerificationPairs verificationPairs(Path file, int perFold) {
        return VerificationPairs.read(this, file, perFold);
    }

    @Override
    void close();
}

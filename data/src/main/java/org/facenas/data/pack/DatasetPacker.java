package org.facenas.data.pack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.facenas.data.bin.VerificationBin;
import org.facenas.data.image.ImageDecoding;
import org.facenas.data.image.RgbImage;
import org.facenas.data.lfw.Pair;
import org.facenas.data.lfw.Pairs;
import org.facenas.data.lfw.People;
import org.facenas.data.lfw.PersonCount;
import org.facenas.data.recordio.InsightFaceRecordsWriter;
import org.facenas.data.source.LfwFolderSource;
import org.facenas.data.source.RecordIoSource;
import org.facenas.data.source.SourceImage;

/**
 * Moves a dataset between the LFW folder layout and InsightFace's packaging. Image bytes are copied, never
 * re-encoded, so both layouts hold byte-equal images.
 */
public final class DatasetPacker {

    private static final Pattern LFW_NAME = Pattern.compile(".*_(\\d{4,})\\.[A-Za-z]+$");

    private DatasetPacker() {
    }

    /** What {@link #pack} wrote. */
    public record PackResult(int identities, long images, int pairs, Path bin) {
    }

    /** What {@link #unpack} wrote. */
    public record UnpackResult(int identities, long images, List<Path> bins) {
    }

    /**
     * Packs the people of {@code peopleFile} (all their images in the folder) into {@code out/train.rec},
     * {@code train.idx}, {@code property}, {@code identities.tsv}, and the pairs of {@code pairsFile} into
     * {@code out/<pairs name>.bin} (pair order kept, so InsightFace's 10 contiguous folds are the file's folds).
     *
     * @throws IllegalArgumentException naming the identity or image when the people or pairs file names something
     *                                  the folder lacks
     */
    public static PackResult pack(Path lfwFolder, Path peopleFile, Path pairsFile, Path out) throws IOException {
        LfwFolderSource source = LfwFolderSource.open(lfwFolder);
        People people = People.read(peopleFile);
        Pairs pairs = pairsFile == null ? null : Pairs.read(pairsFile);
        Files.createDirectories(out);
        List<PersonCount> persons = people.all();
        if (persons.isEmpty()) {
            throw new IllegalArgumentException(peopleFile + " lists no identities; nothing to pack");
        }
        List<SourceImage> firstImages = source.images(persons.get(0).name());
        if (firstImages.isEmpty()) {
            throw new IllegalArgumentException(peopleFile + " names " + persons.get(0).name() + " but " + lfwFolder
                    + " has no images of it");
        }
        RgbImage first = ImageDecoding.decode(source.bytes(firstImages.get(0)));
        long images = 0;
        try (InsightFaceRecordsWriter w = InsightFaceRecordsWriter.create(out, first.height(), first.width())) {
            for (PersonCount p : persons) {
                List<SourceImage> imgs = source.images(p.name());
                if (imgs.isEmpty()) {
                    throw new IllegalArgumentException(peopleFile + " names " + p.name() + " but " + lfwFolder
                            + " has no images of it; fix the people file or the folder");
                }
                w.beginIdentity(p.name());
                for (int i = 0; i < imgs.size(); i++) {
                    w.addImage(source.bytes(imgs.get(i)), lfwNumber(imgs.get(i).key()).orElse(i + 1));
                    images++;
                }
            }
        }
        Path bin = null;
        if (pairs != null) {
            List<byte[]> binImages = new ArrayList<>();
            List<Boolean> same = new ArrayList<>();
            for (Pair p : pairs.pairs()) {
                binImages.add(source.bytes(pairImage(source, p.name1(), p.n1(), pairsFile)));
                binImages.add(source.bytes(pairImage(source, p.name2(), p.n2(), pairsFile)));
                same.add(p.isSame());
            }
            String name = pairsFile.getFileName().toString().replaceFirst("\\.txt$", "") + ".bin";
            bin = out.resolve(name);
            new VerificationBin(binImages, same).write(bin);
        }
        return new PackResult(persons.size(), images, pairs == null ? 0 : pairs.pairs().size(), bin);
    }

    private static SourceImage pairImage(LfwFolderSource source, String name, int n, Path pairsFile) {
        return source.lfwImage(name, n).orElseThrow(() -> new IllegalArgumentException(pairsFile + " names image " + n + " of "
                + name + " but " + source.root() + " has no " + name + "/" + String.format(Locale.ROOT, "%s_%04d", name, n)
                + ".*; fix the pairs file or pass another with --pairs"));
    }

    static Optional<Integer> lfwNumber(String key) {
        Matcher m = LFW_NAME.matcher(key);
        return m.matches() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    /**
     * Unpacks an InsightFace set into {@code out/images/NAME/NAME_NNNN.EXT} (the LFW number the packer kept, else
     * the position), a plain {@code peopleDevTrain.txt}, and copies of the set's {@code .bin} verification sets.
     *
     * @throws IllegalArgumentException when {@code out/images} already holds files
     */
    public static UnpackResult unpack(Path recordFolder, Path out) throws IOException {
        Path images = out.resolve("images");
        if (Files.isDirectory(images)) {
            try (Stream<Path> s = Files.list(images)) {
                if (s.findAny().isPresent()) {
                    throw new IllegalArgumentException(images + " already holds files; pass an empty --out folder");
                }
            }
        }
        try (RecordIoSource source = RecordIoSource.open(recordFolder)) {
            List<PersonCount> people = new ArrayList<>();
            long count = 0;
            for (String name : source.identities()) {
                Path dir = Files.createDirectories(images.resolve(name));
                List<SourceImage> imgs = source.images(name);
                for (int i = 0; i < imgs.size(); i++) {
                    long id2 = source.header(imgs.get(i)).id2();
                    byte[] bytes = source.bytes(imgs.get(i));
                    int n = id2 > 0 ? (int) id2 : i + 1;
                    Files.write(dir.resolve(String.format(Locale.ROOT, "%s_%04d.%s", name, n, extension(bytes))), bytes);
                    count++;
                }
                people.add(new PersonCount(name, imgs.size()));
            }
            People.plain(people).write(out.resolve("peopleDevTrain.txt"));
            List<Path> bins = new ArrayList<>();
            for (Path bin : source.defaultVerification()) {
                Path copy = out.resolve(bin.getFileName());
                Files.copy(bin, copy, StandardCopyOption.REPLACE_EXISTING);
                bins.add(copy);
            }
            return new UnpackResult(people.size(), count, bins);
        }
    }

    /** The file extension of encoded image bytes, from their magic number. */
    static String extension(byte[] b) {
        if (b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8) {
            return "jpg";
        }
        if (b.length > 4 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "png";
        }
        if (b.length > 2 && b[0] == 'P' && (b[1] == '5' || b[1] == '2')) {
            return "pgm";
        }
        return "jpg";
    }
}

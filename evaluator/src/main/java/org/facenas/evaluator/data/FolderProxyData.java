package org.facenas.evaluator.data;

import org.facenas.data.hash.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.facenas.data.bin.VerificationBin;
import org.facenas.data.image.FacePreprocessing;
import org.facenas.data.image.ImageDecoding;
import org.facenas.data.image.RgbImage;
import org.facenas.data.lfw.Pair;
import org.facenas.data.lfw.Pairs;
import org.facenas.data.lfw.People;
import org.facenas.data.source.FaceSource;
import org.facenas.data.source.SourceImage;
import org.facenas.distill.teacher.TeacherEmbeddingCache;
import org.facenas.distill.teacher.TeacherEmbeddings;
import org.facenas.distill.teacher.TeacherSpec;
import org.facenas.evaluator.train.ProxySettings;
import org.facenas.evaluator.score.PairCosines;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proxy data from a dataset folder in either layout ({@link FaceSource}: LFW folder or InsightFace RecordIO):
 * a seeded identity subset for training and held-out verification pairs from an LFW pairs file or a {@code .bin}.
 *
 * <p>The subset does not depend on the order in which a source lists identities or images: identities are ranked
 * by a seeded hash of their name, images by a seeded hash of their bytes, so an LFW folder and the same faces
 * packed into RecordIO give the same training set in the same order, and the same accuracy for the same seed.
 * Only the drawn images are decoded; they are held as resized 8-bit RGB until a batch is made. Unreadable images
 * are skipped, named and counted; a pair that refers to one is dropped. A training file with the bytes of a scoring
 * image is left out the same way, with one warning: the same face must not be trained on and scored. Training and
 * scoring identities must not overlap.
 */
public final class FolderProxyData implements ProxyData {

    private static final Logger LOG = LoggerFactory.getLogger(FolderProxyData.class);

    /** The subset seed when none is given: proxies of one dataset share one subset unless asked otherwise. */
    public static final long DEFAULT_SUBSET_SEED = 0;

    /**
     * Which identities and images a proxy trains on.
     *
     * @param datasetHash the source's content hash
     * @param format      the source's layout
     * @param seed        the seed of the draw
     * @param identities  identities drawn
     * @param images      images drawn (before unreadable ones are skipped)
     * @param keysHash    SHA-256 over the drawn image keys in training order
     * @param verification the first verification set scored, the one a search ranks on (absolute path)
     * @param verificationSets every verification set scored, in order (absolute paths; the first is {@code verification})
     */
    public record Subset(String datasetHash, FaceSource.Format format, long seed, int identities, int images, String keysHash,
                         String verification, List<String> verificationSets) {
        public Subset {
            verificationSets = verificationSets == null ? List.of(verification) : List.copyOf(verificationSets);
        }

        public String describe() {
            return String.format(Locale.ROOT, "%s %s seed=%d ids=%d images=%d keys=%s verification=%s", format.name().toLowerCase(Locale.ROOT),
                    datasetHash.substring(0, 12), seed, identities, images, keysHash.substring(0, 12),
                    String.join(",", verificationSets.stream().map(v -> Path.of(v).getFileName().toString()).toList()));
        }
    }

    private final Path root;
    private final Subset subset;
    private final FaceTensors train;
    private final List<SourceImage> trainImages;
    private final List<String> trainKeys;
    private final List<VerificationSet> verificationSets;
    private final List<String> skipped;
    private final List<String> trainNames;
    private final ProxySettings proxy;
    private final Set<String> scoringIdentities;
    /** SHA-256 of every scoring image's bytes: training files with the same content are left out of training and KD. */
    private final Set<String> scoringContent;

    private FolderProxyData(Path root, Subset subset, FaceTensors train, List<SourceImage> trainImages,
                            List<VerificationSet> verificationSets, List<String> skipped, List<String> trainNames,
                            ProxySettings proxy, Set<String> scoringIdentities, Set<String> scoringContent) {
        this.root = root;
        this.scoringContent = Set.copyOf(scoringContent);
        this.trainNames = List.copyOf(trainNames);
        this.proxy = proxy;
        this.scoringIdentities = Set.copyOf(scoringIdentities);
        this.subset = subset;
        this.train = train;
        this.trainImages = List.copyOf(trainImages);
        this.trainKeys = trainImages.stream().map(SourceImage::key).toList();
        this.verificationSets = List.copyOf(verificationSets);
        this.skipped = List.copyOf(skipped);
    }

    /** Identifies the dataset's content (teacher caches and provenance key on it). */
    public String datasetListingHash() {
        return subset.datasetHash();
    }

    /**
     * Every training image of every training identity (the people file's, not only this proxy's subset), at this
     * proxy's input size, with their keys: the images KD-only rows ({@code +extra}) are drawn from. This proxy's own
     * training set when it already holds every image; otherwise decoded now. They share neither an identity with the
     * scoring pairs ({@link #load} refuses a people file that overlaps them) nor an image's content (the draw leaves
     * those out), so KD never sees a held-out face.
     */
    public KdImages everyTrainingImage() {
        if (proxy.trainIdentities() == 0 && proxy.imagesPerIdentity() == 0) {
            return new KdImages(train, trainKeys);
        }
        long start = System.nanoTime();
        try (FaceSource source = FaceSource.open(root)) {
            List<String> unreadable = Collections.synchronizedList(new ArrayList<>());
            Training t = drawAndDecode(source, trainNames, proxy.derive().trainSubset(0, 0).build(), subset.seed(),
                    FacePreprocessing.arcFace().withSize(proxy.inputSize()), unreadable, scoringContent, new ArrayList<>());
            LOG.info("KD images: every training image, {} of {} identities ({} left out: {}), decoded in {} s", t.tensors.count(),
                    t.identities, unreadable.size(), String.join("; ", unreadable.subList(0, Math.min(5, unreadable.size()))),
                    String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
            return new KdImages(t.tensors, t.images.stream().map(SourceImage::key).toList());
        }
    }

    /** The identities the scoring pairs files name (held out from training and from KD). */
    public Set<String> scoringIdentities() {
        return scoringIdentities;
    }

    /** The drawn subset, for provenance. */
    public Subset subset() {
        return subset;
    }

    /** The teacher's embeddings of this proxy's training images (and their mirrors), from the cache or computed into it. */
    public TeacherEmbeddingCache.Outcome teacherEmbeddings(Path cacheDir, TeacherSpec spec, int threads) {
        try (FaceSource source = FaceSource.open(root)) {
            // only this subset's images: a large set's listing is never materialised as image objects
            Map<String, SourceImage> byKey = new LinkedHashMap<>();
            trainImages.forEach(img -> byKey.put(img.key(), img));
            return TeacherEmbeddingCache.loadOrCompute(cacheDir, spec, subset.datasetHash(), trainKeys,
                    key -> source.bytes(byKey.get(key)), threads);
        }
    }

    /**
     * The same cache, computed (when missing or stale) by {@code computation}, e.g. split into Spark tasks over ranges
     * of {@link #trainImages()}; the file is the one an in-process computation writes.
     */
    public TeacherEmbeddingCache.Outcome teacherEmbeddings(Path cacheDir, TeacherSpec spec, TeacherEmbeddingCache.Computation computation) {
        return TeacherEmbeddingCache.loadOrCompute(cacheDir, spec, subset.datasetHash(), trainKeys, computation);
    }

    /** The training images in training order (their keys are {@link #trainKeys()}), as the source lists them. */
    public List<SourceImage> trainImages() {
        return trainImages;
    }

    /** The dataset folder (absolute). */
    public Path root() {
        return root;
    }

    /**
     * The teacher's L2-normalised embeddings of the scoring images (held-out identities, never trained on), in
     * {@link #scoringImages()} order, from the cache or computed into it: what the held-out student-teacher cosine
     * compares against.
     */
    public float[][] scoringTeacherEmbeddings(Path cacheDir, TeacherSpec spec, int threads) {
        // the scoring images are kept encoded without their names; their content hash keys the cache instead
        List<String> keys = new ArrayList<>();
        Map<String, byte[]> byKey = new LinkedHashMap<>();
        for (byte[] encoded : scoringEncoded()) {
            String key = "scoring-sha256/" + Sha256.hex(encoded);
            keys.add(key);
            byKey.putIfAbsent(key, encoded);
        }
        TeacherEmbeddings e = TeacherEmbeddingCache.loadOrCompute(cacheDir, spec, datasetListingHash(), new ArrayList<>(byKey.keySet()),
                byKey::get, threads).embeddings();
        Map<String, Integer> row = e.index();
        float[][] out = new float[keys.size()][];
        int i = 0;
        for (String key : keys) {
            Integer r = row.get(key);
            if (r == null) {
                throw new IllegalArgumentException("the teacher could not embed scoring image " + key + ": see the warning above");
            }
            out[i++] = e.plain()[r];
        }
        return out;
    }

    /** The encoded bytes of {@link #scoringImages()}, in the same order (what {@link #pairs()} indexes). */
    public List<byte[]> scoringEncoded() {
        return verificationSets.get(0).encoded();
    }

    /** Every verification set, in the order given; the first is {@link #scoringImages()} / {@link #pairs()}. */
    @Override
    public List<VerificationSet> verificationSets() {
        return verificationSets;
    }

    /** The training images' keys in training order: what a teacher must embed for this proxy. */
    public List<String> trainKeys() {
        return trainKeys;
    }

    /** Loads with the default subset seed. */
    public static FolderProxyData load(Path dataDir, Path trainPeople, Path verification, ProxySettings proxy) {
        return load(dataDir, trainPeople, verification, proxy, DEFAULT_SUBSET_SEED);
    }

    /** Loads one verification set (or, for null, the folder's default sets); see {@link #load(Path, Path, List, ProxySettings, long)}. */
    public static FolderProxyData load(Path dataDir, Path trainPeople, Path verification, ProxySettings proxy, long subsetSeed) {
        return load(dataDir, trainPeople, verification == null ? List.of() : List.of(verification), proxy, subsetSeed);
    }

    /**
     * Loads proxy data from a folder in either layout.
     *
     * @param trainPeople  people file naming the training identities; for a RecordIO set it may be absent (every
     *                     identity of train.rec is a training identity)
     * @param verification LFW pairs files and InsightFace {@code .bin} sets, each scored separately, the first ranking;
     *                     when empty, the folder's own sets ({@link FaceSource#defaultVerification()}: its pairs file,
     *                     or every {@code .bin} of a RecordIO set, {@code lfw.bin} first). A RecordIO set given one file
     *                     that does not exist (callers pass {@code DIR/pairsDevTest.txt} by default) also takes its own.
     * @param subsetSeed   seed of the identity and image draw
     */
    public static FolderProxyData load(Path dataDir, Path trainPeople, List<Path> verification, ProxySettings proxy, long subsetSeed) {
        long start = System.nanoTime();
        try (FaceSource source = FaceSource.open(dataDir)) {
            boolean records = source.format() == FaceSource.Format.INSIGHTFACE_RECORDIO;
            List<Path> verificationFiles = source.verification(verification);
            if (verification.isEmpty() || !verificationFiles.equals(verification)) {
                LOG.info("verification: {} (the folder's own)", String.join(", ", verificationFiles.stream().map(p -> p.getFileName().toString()).toList()));
            }
            List<String> trainNames;
            if (records && (trainPeople == null || !Files.exists(trainPeople))) {
                trainNames = source.identities();
            } else if (trainPeople == null) {
                throw new IllegalArgumentException("no training people file for " + dataDir
                        + ": pass --train-people FILE (an LFW folder names its training identities in a people file)");
            } else {
                trainNames = People.read(trainPeople).names();
            }
            List<Pairs> pairsFiles = new ArrayList<>();
            Set<String> scoringNames = new HashSet<>();
            for (Path file : verificationFiles) {
                Pairs pairsFile = isBin(file) ? null : Pairs.read(file);
                if (pairsFile != null) {
                    for (Pair p : limitPerFold(pairsFile, proxy.pairsPerFold())) {
                        scoringNames.add(p.name1());
                        scoringNames.add(p.name2());
                    }
                    // before any image is decoded: a wrong people file must fail in a second, not after the loading
                    requireDisjoint(limitPerFold(pairsFile, proxy.pairsPerFold()), new HashSet<>(trainNames), trainPeople, file);
                }
                pairsFiles.add(pairsFile);
            }
            List<String> skipped = Collections.synchronizedList(new ArrayList<>());
            FacePreprocessing preprocessing = FacePreprocessing.arcFace().withSize(proxy.inputSize());
            // the scoring images' bytes first: a training file holding the very bytes of one (celeba112: three of
            // id07312's are id07317's scoring images) is left out, so neither training nor KD sees a held-out face
            List<Scoring> scorings = new ArrayList<>();
            Set<String> scoringContent = new HashSet<>();
            for (int v = 0; v < verificationFiles.size(); v++) {
                Scoring s = pairsFiles.get(v) == null
                        ? binScoring(verificationFiles.get(v), proxy.pairsPerFold())
                        : pairsFileScoring(source, verificationFiles.get(v), pairsFiles.get(v), proxy.pairsPerFold(), skipped);
                scorings.add(s);
                s.first.forEach(b -> scoringContent.add(Sha256.hex(b)));
                s.second.forEach(b -> scoringContent.add(Sha256.hex(b)));
            }
            List<String> leaked = new ArrayList<>();
            Training t = drawAndDecode(source, trainNames, proxy, subsetSeed, preprocessing, skipped, scoringContent, leaked);
            if (!leaked.isEmpty()) {
                LOG.warn("left out {} training image{} identical to verification images (first: {}); facenas data check lists them",
                        leaked.size(), leaked.size() == 1 ? "" : "s", leaked.get(0));
            }
            if (t.tensors.count() < 2 || t.tensors.classes() < 2) {
                throw new IllegalArgumentException("only " + t.tensors.count() + " readable training images of " + t.tensors.classes()
                        + " identities in " + dataDir + ": a proxy needs at least two identities");
            }
            List<VerificationSet> sets = new ArrayList<>();
            for (int v = 0; v < verificationFiles.size(); v++) {
                Path file = verificationFiles.get(v);
                Scored scored = decodeScoring(scorings.get(v), preprocessing, skipped);
                if (scored.cosines == null) {
                    throw new IllegalArgumentException("no readable verification pairs in " + file);
                }
                sets.add(new VerificationSet(file.getFileName().toString(), file.toAbsolutePath().normalize().toString(), scored.images,
                        scored.encoded, scored.cosines));
            }
            List<String> setPaths = sets.stream().map(VerificationSet::file).toList();
            Subset subset = new Subset(source.contentHash(), source.format(), subsetSeed, t.identities, t.images.size() + t.unreadable,
                    Sha256.hex(String.join("\n", t.images.stream().map(SourceImage::key).toList())), setPaths.get(0), setPaths);
            LOG.info("proxy data: {} training images of {} identities ({} MB as 8-bit), {} skipped, loaded in {} s; verification {}; subset {}",
                    t.tensors.count(), t.tensors.classes(), String.format(Locale.ROOT, "%.1f", t.tensors.pixels().heldBytes() / 1e6),
                    skipped.size(), String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9),
                    String.join(", ", sets.stream().map(x -> x.name() + " (" + x.pairs().size() + " pairs over " + x.pixels().count()
                            + " images, " + String.format(Locale.ROOT, "%.1f", x.pixels().heldBytes() / 1e6) + " MB as 8-bit)").toList()),
                    subset.describe());
            return new FolderProxyData(source.root(), subset, t.tensors, t.images, sets, skipped, trainNames, proxy, scoringNames, scoringContent);
        }
    }

    private static boolean isBin(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".bin");
    }

    private record Training(FaceTensors tensors, List<SourceImage> images, int identities, int unreadable) {
    }

    /** One image as drawn: its source entry, bytes and content hash. */
    private record Drawn(SourceImage image, byte[] bytes, String contentHash) {
    }

    /**
     * Draws identities by a seeded hash of their names and each identity's images by a seeded hash of their bytes,
     * then decodes only those (in parallel) to resized 8-bit RGB.
     */
    private static Training drawAndDecode(FaceSource source, List<String> names, ProxySettings proxy, long seed,
                                          FacePreprocessing preprocessing, List<String> skipped, Set<String> excludedContent,
                                          List<String> excluded) {
        Set<String> known = new HashSet<>(source.identities());
        List<String> ids = new ArrayList<>();
        for (String n : new java.util.LinkedHashSet<>(names)) {
            if (known.contains(n)) {
                ids.add(n);
            } else {
                skipped.add(n + ": identity named by the people file has no images in " + source.root());
            }
        }
        ids.sort(Comparator.comparing((String n) -> rank(seed, n)).thenComparing(n -> n));
        if (proxy.trainIdentities() > 0 && proxy.trainIdentities() < ids.size()) {
            ids = new ArrayList<>(ids.subList(0, proxy.trainIdentities()));
        }
        List<List<SourceImage>> perIdentity = ids.stream().map(source::images).toList();
        List<Drawn> chosen = new ArrayList<>();
        List<Integer> identityOf = new ArrayList<>();
        for (int c = 0; c < ids.size(); c++) {
            List<SourceImage> imgs = perIdentity.get(c);
            List<Drawn> drawn = new ArrayList<>(IntStream.range(0, imgs.size()).parallel().mapToObj(i -> {
                byte[] b = source.bytes(imgs.get(i));
                return new Drawn(imgs.get(i), b, Sha256.hex(b));
            }).toList());
            drawn.sort(Comparator.comparing((Drawn d) -> rank(seed, d.contentHash())).thenComparing(Drawn::contentHash));
            // left out before the per-identity draw, so a subset proxy still gets its count of images where there are enough
            for (Drawn d : drawn) {
                if (excludedContent.contains(d.contentHash())) {
                    // named as data check names it: a record's key alone (#N) does not say whose it is
                    String name = source.format() == FaceSource.Format.INSIGHTFACE_RECORDIO
                            ? d.image().identity() + " " + d.image().key() : d.image().key();
                    skipped.add(name + ": the same bytes as a scoring image");
                    excluded.add(name);
                }
            }
            drawn.removeIf(d -> excludedContent.contains(d.contentHash()));
            int n = proxy.imagesPerIdentity() > 0 ? Math.min(proxy.imagesPerIdentity(), drawn.size()) : drawn.size();
            for (int k = 0; k < n; k++) {
                chosen.add(drawn.get(k));
                identityOf.add(c);
            }
        }
        int size = proxy.inputSize();
        byte[][] rgb = new byte[chosen.size()][];
        IntStream.range(0, chosen.size()).parallel().forEach(i -> {
            try {
                RgbImage img = ImageDecoding.decode(chosen.get(i).bytes());
                rgb[i] = preprocessing.resize().resize(img, size, size).rgb();
            } catch (IOException e) {
                skipped.add(chosen.get(i).image().key() + ": " + e.getMessage());
            }
        });
        List<byte[]> images = new ArrayList<>();
        List<SourceImage> keys = new ArrayList<>();
        Map<Integer, Integer> labelOf = new LinkedHashMap<>();
        List<Integer> labels = new ArrayList<>();
        int unreadable = 0;
        for (int i = 0; i < chosen.size(); i++) {
            if (rgb[i] == null) {
                unreadable++;
                continue;
            }
            images.add(rgb[i]);
            keys.add(chosen.get(i).image());
            labels.add(labelOf.computeIfAbsent(identityOf.get(i), k -> labelOf.size()));
        }
        FaceTensors tensors = new FaceTensors(size, new FaceTensors.Pixels.Uint8(images, size, preprocessing),
                labels.stream().mapToInt(Integer::intValue).toArray(), labelOf.size());
        return new Training(tensors, keys, ids.size(), unreadable);
    }

    /** Verification pairs as encoded bytes, before decoding. */
    private record Scoring(List<byte[]> first, List<byte[]> second, List<String> names, List<Boolean> same, List<Integer> folds) {
        Scoring() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    private record Scored(FaceTensors.Pixels images, List<byte[]> encoded, PairCosines cosines) {
    }

    private static Scoring binScoring(Path file, int perFold) {
        VerificationBin bin;
        try {
            bin = VerificationBin.read(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        int[] folds = bin.folds(10);
        Scoring s = new Scoring();
        for (int f = 0; f < 10; f++) {
            // per fold: the same pairs first, then the different ones (as an LFW pairs file lists them), at most perFold/2 each
            for (boolean same : new boolean[] {true, false}) {
                int taken = 0;
                for (int i = 0; i < bin.pairCount(); i++) {
                    if (folds[i] == f && bin.issame().get(i) == same && (perFold <= 0 || taken < perFold / 2)) {
                        s.first.add(bin.first(i));
                        s.second.add(bin.second(i));
                        s.names.add(file.getFileName() + " image " + (2 * i));
                        s.names.add(file.getFileName() + " image " + (2 * i + 1));
                        s.same.add(same);
                        s.folds.add(f);
                        taken++;
                    }
                }
            }
        }
        return s;
    }

    private static void requireDisjoint(List<Pair> all, Set<String> trainNames, Path trainPeople, Path file) {
        for (Pair p : all) {
            if (trainNames.contains(p.name1()) || trainNames.contains(p.name2())) {
                throw new IllegalArgumentException("identity " + (trainNames.contains(p.name1()) ? p.name1() : p.name2())
                        + " is both in " + (trainPeople == null ? "the training set" : trainPeople.getFileName()) + " and in "
                        + file.getFileName() + ": held-out pairs must use identities that are not trained on");
            }
        }
    }

    private static Scoring pairsFileScoring(FaceSource source, Path file, Pairs pairsFile, int perFold, List<String> skipped) {
        List<Pair> all = limitPerFold(pairsFile, perFold);
        Scoring s = new Scoring();
        Set<String> missing = new java.util.LinkedHashSet<>();
        int dropped = 0;
        for (Pair p : all) {
            Optional<SourceImage> a = source.lfwImage(p.name1(), p.n1());
            Optional<SourceImage> b = source.lfwImage(p.name2(), p.n2());
            if (a.isEmpty() || b.isEmpty()) {
                skipped.add(a.isEmpty() ? missing(source, p.name1(), p.n1()) : missing(source, p.name2(), p.n2()));
                if (a.isEmpty()) {
                    missing.add(String.format(Locale.ROOT, "%s_%04d", p.name1(), p.n1()));
                }
                if (b.isEmpty()) {
                    missing.add(String.format(Locale.ROOT, "%s_%04d", p.name2(), p.n2()));
                }
                dropped++;
                continue;
            }
            s.first.add(source.bytes(a.get()));
            s.second.add(source.bytes(b.get()));
            s.names.add(a.get().key());
            s.names.add(b.get().key());
            s.same.add(p.isSame());
            s.folds.add(p.fold());
        }
        if (dropped > 0) {
            // the scores then cover fewer pairs than the file lists: say which and how many, not only in a count
            LOG.warn("{}: {} of {} pairs dropped, {} image{} missing from {}: {}", file, dropped, all.size(), missing.size(),
                    missing.size() == 1 ? "" : "s", source.root().resolve("images"), String.join(", ", missing));
        }
        return s;
    }

    /** Decodes each distinct image (by content) once; pairs with an unreadable image are dropped. */
    private static Scored decodeScoring(Scoring s, FacePreprocessing preprocessing, List<String> skipped) {
        Map<String, Integer> index = new LinkedHashMap<>();
        List<byte[]> distinct = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int[] a = new int[s.same.size()];
        int[] b = new int[s.same.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = indexOf(index, distinct, names, s.first.get(i), s.names.get(2 * i));
            b[i] = indexOf(index, distinct, names, s.second.get(i), s.names.get(2 * i + 1));
        }
        int size = preprocessing.width();
        byte[][] decoded = new byte[distinct.size()][];
        IntStream.range(0, distinct.size()).parallel().forEach(i -> {
            try {
                // held resized 8-bit, made floats when read: the arithmetic of preprocessing.apply, a quarter of the memory
                decoded[i] = preprocessing.resize().resize(ImageDecoding.decode(distinct.get(i)), size, size).rgb();
            } catch (IOException e) {
                skipped.add(names.get(i) + ": " + e.getMessage());
            }
        });
        int[] position = new int[decoded.length];
        List<byte[]> images = new ArrayList<>();
        List<byte[]> encoded = new ArrayList<>();
        for (int i = 0; i < decoded.length; i++) {
            position[i] = decoded[i] == null ? -1 : images.size();
            if (decoded[i] != null) {
                images.add(decoded[i]);
                encoded.add(distinct.get(i));
            }
        }
        List<Integer> ua = new ArrayList<>();
        List<Integer> ub = new ArrayList<>();
        List<Boolean> same = new ArrayList<>();
        List<Integer> folds = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            if (position[a[i]] >= 0 && position[b[i]] >= 0) {
                ua.add(position[a[i]]);
                ub.add(position[b[i]]);
                same.add(s.same.get(i));
                folds.add(s.folds.get(i));
            }
        }
        FaceTensors.Pixels pixels = new FaceTensors.Pixels.Uint8(images, size, preprocessing);
        if (same.isEmpty()) {
            return new Scored(pixels, encoded, null);
        }
        boolean[] sameArr = new boolean[same.size()];
        for (int i = 0; i < sameArr.length; i++) {
            sameArr[i] = same.get(i);
        }
        return new Scored(pixels, encoded, new PairCosines(ua.stream().mapToInt(Integer::intValue).toArray(),
                ub.stream().mapToInt(Integer::intValue).toArray(), sameArr, folds.stream().mapToInt(Integer::intValue).toArray()));
    }

    private static int indexOf(Map<String, Integer> index, List<byte[]> distinct, List<String> names, byte[] encoded, String name) {
        String hash = Sha256.hex(encoded);
        Integer at = index.get(hash);
        if (at == null) {
            at = distinct.size();
            index.put(hash, at);
            distinct.add(encoded);
            names.add(name);
        }
        return at;
    }

    /** At most {@code perFold} pairs of each fold, half same and half different (0 = all). */
    public static List<Pair> limitPerFold(Pairs pairs, int perFold) {
        if (perFold <= 0) {
            return pairs.pairs();
        }
        List<Pair> out = new ArrayList<>();
        for (int f = 0; f < pairs.folds(); f++) {
            List<Pair> inFold = pairs.fold(f);
            inFold.stream().filter(Pair::isSame).limit(perFold / 2).forEach(out::add);
            inFold.stream().filter(p -> !p.isSame()).limit(perFold / 2).forEach(out::add);
        }
        return out;
    }

    private static String missing(FaceSource source, String name, int n) {
        return source.root().resolve("images").resolve(name).resolve(String.format(Locale.ROOT, "%s_%04d.*", name, n)) + ": missing";
    }

    /** A seeded rank: the first 8 bytes of SHA-256(seed, text), so a draw does not depend on listing order. */
    static long rank(long seed, String text) {
        MessageDigest sha = Sha256.digest();
        Sha256.update(sha, Long.toString(seed));
        sha.update((byte) 0);
        Sha256.update(sha, text);
        byte[] d = sha.digest();
        long r = 0;
        for (int i = 0; i < 8; i++) {
            r = (r << 8) | (d[i] & 0xff);
        }
        return r;
    }

    /** The first verification set's pairs (the one a search ranks on). */
    public PairCosines pairs() {
        return verificationSets.get(0).pairs();
    }

    @Override
    public FaceTensors train() {
        return train;
    }

    @Override
    public List<float[]> scoringImages() {
        return verificationSets.get(0).images();
    }

    @Override
    public int pairCount() {
        return pairs().size();
    }

    @Override
    public List<String> skippedFiles() {
        return skipped;
    }
}

package org.facenas.evaluator.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.facenas.data.check.HeldOutFaces;
import org.facenas.data.hash.Sha256;
import org.facenas.data.image.FacePreprocessing;
import org.facenas.data.lfw.People;
import org.facenas.data.source.FaceSource;
import org.facenas.data.source.SourceImage;
import org.facenas.data.source.VerificationPairs;
import org.facenas.distill.teacher.TeacherEmbeddingCache;
import org.facenas.distill.teacher.TeacherEmbeddings;
import org.facenas.distill.teacher.TeacherSpec;
import org.facenas.evaluator.score.PairCosines;
import org.facenas.records.proxy.ProxySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy data of one dataset in either layout ({@link FaceSource}: LFW folder or InsightFace RecordIO), loaded once
 * and shared by every candidate: a seeded training draw ({@link TrainingDraw}) and the held-out verification sets
 * (read by the source, from an LFW pairs file or a {@code .bin}, and decoded as {@link VerificationSet}s), with the
 * teacher's embeddings of either from the cache and, for KD-only rows, every training image.
 *
 * <p>What is held out follows {@link HeldOutFaces}: training and scoring identities must not overlap, and a training
 * file with the bytes of a scoring image is left out, named and counted, with one warning. Unreadable images are
 * skipped, named and counted; a pair that refers to one is dropped.
 *
 * <p>Named after where it comes from, a {@link FaceSource}: {@link ProxyData} is what the evaluator reads of it.
 */
public final class SourceProxyData implements ProxyData {

    private static final Logger LOG = LoggerFactory.getLogger(SourceProxyData.class);

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
    /** The scoring images: training files that leak into them are left out of training and KD. */
    private final HeldOutFaces heldOut;
    private final List<String> leaks;

    private SourceProxyData(Path root, Subset subset, TrainingDraw.Drawn drawn, List<VerificationSet> verificationSets, List<String> skipped,
                            List<String> trainNames, ProxySettings proxy, Set<String> scoringIdentities, HeldOutFaces heldOut) {
        this.root = root;
        this.heldOut = heldOut;
        this.trainNames = List.copyOf(trainNames);
        this.proxy = proxy;
        this.scoringIdentities = Set.copyOf(scoringIdentities);
        this.subset = subset;
        this.train = drawn.tensors();
        this.trainImages = List.copyOf(drawn.images());
        this.trainKeys = trainImages.stream().map(SourceImage::key).toList();
        this.leaks = drawn.leaks().stream().map(HeldOutFaces.Leak::line).toList();
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
            TrainingDraw.Drawn t = TrainingDraw.draw(source, trainNames, proxy.derive().trainSubset(0, 0).build(), subset.seed(),
                    FacePreprocessing.arcFace().withSize(proxy.inputSize()), unreadable, heldOut);
            LOG.info("KD images: every training image, {} of {} identities ({} left out: {}), decoded in {} s", t.tensors().count(),
                    t.identities(), unreadable.size(), String.join("; ", unreadable.subList(0, Math.min(5, unreadable.size()))),
                    String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
            return new KdImages(t.tensors(), t.images().stream().map(SourceImage::key).toList());
        }
    }

    /**
     * The training images left out because their bytes are a scoring image's, as {@code facenas data check} reports
     * them ("TRAIN = pairs VERIFICATION"; the rule is {@link HeldOutFaces}'), in draw order.
     */
    public List<String> leaks() {
        return leaks;
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
    public static SourceProxyData load(Path dataDir, Path trainPeople, Path verification, ProxySettings proxy) {
        return load(dataDir, trainPeople, verification, proxy, DEFAULT_SUBSET_SEED);
    }

    /** Loads one verification set (or, for null, the folder's default sets); see {@link #load(Path, Path, List, ProxySettings, long)}. */
    public static SourceProxyData load(Path dataDir, Path trainPeople, Path verification, ProxySettings proxy, long subsetSeed) {
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
    public static SourceProxyData load(Path dataDir, Path trainPeople, List<Path> verification, ProxySettings proxy, long subsetSeed) {
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
            Set<String> scoringNames = new HashSet<>();
            Set<String> trained = new HashSet<>(trainNames);
            for (Path file : verificationFiles) {
                List<String> named = source.verificationIdentities(file, proxy.pairsPerFold());
                scoringNames.addAll(named);
                // before any image is read: a wrong people file must fail in a second, not after the loading
                HeldOutFaces.requireDisjointIdentities(named, trained,
                        trainPeople == null ? "the training set" : trainPeople.getFileName().toString(), file);
            }
            List<String> skipped = Collections.synchronizedList(new ArrayList<>());
            FacePreprocessing preprocessing = FacePreprocessing.arcFace().withSize(proxy.inputSize());
            // the scoring images' bytes first: a training file holding the very bytes of one (celeba112: three of
            // id07312's are id07317's scoring images) is left out, so neither training nor KD sees a held-out face
            List<VerificationPairs> read = new ArrayList<>();
            for (Path file : verificationFiles) {
                VerificationPairs pairs = source.verificationPairs(file, proxy.pairsPerFold());
                skipped.addAll(pairs.dropped());
                read.add(pairs);
            }
            HeldOutFaces heldOut = HeldOutFaces.ofPairs(read);
            TrainingDraw.Drawn t = TrainingDraw.draw(source, trainNames, proxy, subsetSeed, preprocessing, skipped, heldOut);
            if (!t.leaks().isEmpty()) {
                LOG.warn("left out {} training image{} identical to verification images (first: {}); facenas data check lists them",
                        t.leaks().size(), t.leaks().size() == 1 ? "" : "s", t.leaks().get(0).training());
            }
            if (t.tensors().count() < 2 || t.tensors().classes() < 2) {
                throw new IllegalArgumentException("only " + t.tensors().count() + " readable training images of " + t.tensors().classes()
                        + " identities in " + dataDir + ": a proxy needs at least two identities");
            }
            List<VerificationSet> sets = read.stream().map(pairs -> VerificationSet.decode(pairs, preprocessing, skipped)).toList();
            List<String> setPaths = sets.stream().map(VerificationSet::file).toList();
            Subset subset = new Subset(source.contentHash(), source.format(), subsetSeed, t.identities(), t.images().size() + t.unreadable(),
                    Sha256.hex(String.join("\n", t.images().stream().map(SourceImage::key).toList())), setPaths.get(0), setPaths);
            LOG.info("proxy data: {} training images of {} identities ({} MB as 8-bit), {} skipped, loaded in {} s; verification {}; subset {}",
                    t.tensors().count(), t.tensors().classes(), String.format(Locale.ROOT, "%.1f", t.tensors().pixels().heldBytes() / 1e6),
                    skipped.size(), String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9),
                    String.join(", ", sets.stream().map(x -> x.name() + " (" + x.pairs().size() + " pairs over " + x.pixels().count()
                            + " images, " + String.format(Locale.ROOT, "%.1f", x.pixels().heldBytes() / 1e6) + " MB as 8-bit)").toList()),
                    subset.describe());
            return new SourceProxyData(source.root(), subset, t, sets, skipped, trainNames, proxy, scoringNames, heldOut);
        }
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

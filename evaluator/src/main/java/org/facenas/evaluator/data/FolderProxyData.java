package org.facenas.evaluator.data;

import org.facenas.distill.teacher.TeacherEmbeddingCache;
import org.facenas.distill.teacher.TeacherEmbeddings;
import org.facenas.distill.teacher.TeacherSpec;
import org.facenas.evaluator.train.TeacherTargets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import org.facenas.data.FaceDataset;
import org.facenas.data.image.FaceImageLoader;
import org.facenas.data.image.FaceLoadResult;
import org.facenas.data.image.FacePreprocessing;
import org.facenas.data.lfw.Pair;
import org.facenas.data.lfw.Pairs;
import org.facenas.data.lfw.People;
import org.facenas.data.lfw.PersonCount;
import org.facenas.evaluator.train.ProxySettings;
import org.facenas.evaluator.score.PairCosines;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proxy data from an LFW-layout folder: training identities from a people file, held-out pairs from a pairs
 * file, decoded once at the proxy's input size. Unreadable images are skipped, named and counted; a pair that
 * refers to one is dropped. Training and scoring identities must not overlap.
 */
public final class FolderProxyData implements ProxyData {

    private static final Logger LOG = LoggerFactory.getLogger(FolderProxyData.class);

    private final FaceTensors train;
    private final List<float[]> scoringImages;
    private final PairCosines pairs;
    private final List<String> skipped;
    private final List<String> trainKeys;
    private final Map<String, Path> trainFiles;
    private final TeacherTargets teacher;
    private final List<TeacherTargets> trajectory;

    private final List<Path> scoringFiles;

    private final FaceDataset dataset;

    private FolderProxyData(FaceDataset dataset, FaceTensors train, Map<String, Path> trainFiles, List<float[]> scoringImages, List<Path> scoringFiles,
                            PairCosines pairs, List<String> skipped, TeacherTargets teacher, List<TeacherTargets> trajectory) {
        this.trajectory = List.copyOf(trajectory);
        this.dataset = dataset;
        this.train = train;
        this.scoringFiles = List.copyOf(scoringFiles);
        this.trainFiles = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(trainFiles));
        this.trainKeys = List.copyOf(trainFiles.keySet());
        this.scoringImages = scoringImages;
        this.pairs = pairs;
        this.skipped = List.copyOf(skipped);
        this.teacher = teacher;
    }

    /** The image key (path under the dataset's images folder, '/'-separated) the teacher cache uses. */
    public static String imageKey(FaceDataset dataset, Path file) {
        return dataset.imagesRoot().relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }

    /** The same data with the teacher's embeddings of every training image (an error naming any it lacks). */
    public FolderProxyData withTeacher(TeacherEmbeddings embeddings) {
        Map<String, Integer> row = embeddings.index();
        float[][] plain = new float[trainKeys.size()][];
        float[][] flipped = new float[trainKeys.size()][];
        for (int i = 0; i < trainKeys.size(); i++) {
            Integer r = row.get(trainKeys.get(i));
            if (r == null) {
                throw new IllegalArgumentException("the teacher embeddings have no entry for training image " + trainKeys.get(i)
                        + ": they were computed for another image list; delete the cache to rebuild it");
            }
            plain[i] = embeddings.plain()[r];
            flipped[i] = embeddings.flipped()[r];
        }
        return new FolderProxyData(dataset, train, trainFiles, scoringImages, scoringFiles, pairs, skipped,
                new TeacherTargets(embeddings.teacherHash(), plain, flipped), List.of());
    }

    /** Identifies the dataset's content (teacher caches and provenance key on it). */
    public String datasetListingHash() {
        return dataset.listingHash();
    }

    /** The teacher's embeddings of this proxy's training images (and their mirrors), from the cache or computed into it. */
    public TeacherEmbeddingCache.Outcome teacherEmbeddings(Path cacheDir, TeacherSpec spec, int threads) {
        return TeacherEmbeddingCache.loadOrCompute(cacheDir, spec, datasetListingHash(), trainFiles, threads);
    }

    /** The same data with a teacher trajectory (checkpoint embeddings in epoch order) for multi-step KD. */
    public FolderProxyData withTeacherTrajectory(List<TeacherEmbeddings> checkpoints) {
        if (checkpoints.isEmpty()) {
            throw new IllegalArgumentException("a teacher trajectory needs at least one checkpoint");
        }
        List<TeacherTargets> targets = new ArrayList<>();
        for (TeacherEmbeddings c : checkpoints) {
            targets.add(withTeacher(c).teacher);
        }
        return new FolderProxyData(dataset, train, trainFiles, scoringImages, scoringFiles, pairs, skipped, targets.get(targets.size() - 1), targets);
    }

    @Override
    public List<TeacherTargets> teacherTrajectory() {
        return trajectory;
    }

    /** The files of {@link #scoringImages()}, in the same order (what {@link #pairs()} indexes). */
    public List<Path> scoringFiles() {
        return scoringFiles;
    }

    /** The training images in training order, by image key: what a teacher must embed for this proxy. */
    public Map<String, Path> trainFiles() {
        return trainFiles;
    }

    @Override
    public Optional<TeacherTargets> teacher() {
        return Optional.ofNullable(teacher);
    }

    public static FolderProxyData load(Path dataDir, Path trainPeople, Path pairsFile, ProxySettings proxy) {
        FaceDataset dataset = FaceDataset.open(dataDir);
        FaceImageLoader loader = FaceImageLoader.with(FacePreprocessing.arcFace().withSize(proxy.inputSize()));
        People people = People.read(trainPeople);
        List<Pair> allPairs = limitPerFold(Pairs.read(pairsFile), proxy.pairsPerFold());
        Set<String> trainNames = new HashSet<>(people.names());
        for (Pair p : allPairs) {
            if (trainNames.contains(p.name1()) || trainNames.contains(p.name2())) {
                throw new IllegalArgumentException("identity " + (trainNames.contains(p.name1()) ? p.name1() : p.name2())
                        + " is both in " + trainPeople.getFileName() + " and in " + pairsFile.getFileName()
                        + ": held-out pairs must use identities that are not trained on");
            }
        }
        List<String> skipped = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        List<PersonCount> ids = people.all();
        if (proxy.trainIdentities() > 0 && proxy.trainIdentities() < ids.size()) {
            ids = ids.subList(0, proxy.trainIdentities());
        }
        List<Path> files = new ArrayList<>();
        List<Integer> fileIdentity = new ArrayList<>();
        for (int c = 0; c < ids.size(); c++) {
            PersonCount id = ids.get(c);
            int n = proxy.imagesPerIdentity() > 0 ? Math.min(proxy.imagesPerIdentity(), id.imageCount()) : id.imageCount();
            for (int k = 1; k <= n; k++) {
                Optional<Path> file = dataset.lfwImagePath(id.name(), k);
                if (file.isPresent()) {
                    files.add(file.get());
                    fileIdentity.add(c);
                } else {
                    skipped.add(missing(dataset, id.name(), k));
                }
            }
        }
        Map<Path, float[]> decoded = decode(loader, files, skipped);
        List<float[]> images = new ArrayList<>();
        Map<String, Path> keys = new LinkedHashMap<>();
        Map<Integer, Integer> labelOf = new LinkedHashMap<>();
        List<Integer> labels = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            float[] img = decoded.get(files.get(i));
            if (img != null) {
                images.add(img);
                keys.put(imageKey(dataset, files.get(i)), files.get(i));
                labels.add(labelOf.computeIfAbsent(fileIdentity.get(i), k -> labelOf.size()));
            }
        }
        FaceTensors train = new FaceTensors(proxy.inputSize(), images, labels.stream().mapToInt(Integer::intValue).toArray(), labelOf.size());

        Map<Path, Integer> index = new LinkedHashMap<>();
        List<Pair> kept = new ArrayList<>();
        for (Pair p : allPairs) {
            Optional<Path> a = dataset.lfwImagePath(p.name1(), p.n1());
            Optional<Path> b = dataset.lfwImagePath(p.name2(), p.n2());
            if (a.isEmpty() || b.isEmpty()) {
                skipped.add(a.isEmpty() ? missing(dataset, p.name1(), p.n1()) : missing(dataset, p.name2(), p.n2()));
                continue;
            }
            index.putIfAbsent(a.get(), index.size());
            index.putIfAbsent(b.get(), index.size());
            kept.add(p);
        }
        Map<Path, float[]> scoring = decode(loader, new ArrayList<>(index.keySet()), skipped);
        Map<Path, Integer> position = new HashMap<>();
        List<float[]> scoringImages = new ArrayList<>();
        List<Path> scoringFiles = new ArrayList<>();
        for (Path file : index.keySet()) {
            if (scoring.containsKey(file)) {
                position.put(file, scoringImages.size());
                scoringImages.add(scoring.get(file));
                scoringFiles.add(file);
            }
        }
        // a pair whose image could not be read is dropped
        List<int[]> usable = new ArrayList<>();
        List<Pair> usablePairs = new ArrayList<>();
        for (Pair p : kept) {
            Integer a = position.get(dataset.lfwImagePath(p.name1(), p.n1()).orElseThrow());
            Integer b = position.get(dataset.lfwImagePath(p.name2(), p.n2()).orElseThrow());
            if (a != null && b != null) {
                usable.add(new int[] {a, b});
                usablePairs.add(p);
            }
        }
        if (train.count() < 2 || train.classes() < 2) {
            throw new IllegalArgumentException("only " + train.count() + " readable training images of " + train.classes()
                    + " identities in " + dataDir + ": a proxy needs at least two identities");
        }
        if (usable.isEmpty()) {
            throw new IllegalArgumentException("no readable verification pairs in " + pairsFile);
        }
        boolean[] same = new boolean[usablePairs.size()];
        for (int i = 0; i < same.length; i++) {
            same[i] = usablePairs.get(i).isSame();
        }
        PairCosines cosines = new PairCosines(usable.stream().mapToInt(x -> x[0]).toArray(), usable.stream().mapToInt(x -> x[1]).toArray(),
                same, usablePairs.stream().mapToInt(Pair::fold).toArray());
        LOG.info("proxy data: {} training images of {} identities, {} pairs over {} images, {} skipped, loaded in {} s",
                train.count(), train.classes(), usable.size(), scoringImages.size(), skipped.size(),
                String.format("%.1f", (System.nanoTime() - start) / 1e9));
        return new FolderProxyData(dataset, train, keys, scoringImages, scoringFiles, cosines, skipped, null, List.of());
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

    private static String missing(FaceDataset dataset, String name, int n) {
        return dataset.imagesRoot().resolve(name).resolve(String.format("%s_%04d.*", name, n)) + ": missing";
    }

    /** Decodes in two halves in parallel; unreadable files are left out of the map and recorded. */
    private static Map<Path, float[]> decode(FaceImageLoader loader, List<Path> files, List<String> skipped) {
        Map<Path, float[]> out = new java.util.concurrent.ConcurrentHashMap<>();
        int half = files.size() / 2;
        java.util.stream.Stream.of(files.subList(0, half), files.subList(half, files.size())).parallel().forEach(part -> {
            FaceLoadResult r = loader.load(part);
            r.loaded().forEach(f -> out.put(f.file(), f.tensor().data()));
            r.skipped().forEach(s -> skipped.add(s.file() + ": " + s.reason()));
        });
        return out;
    }

    public PairCosines pairs() {
        return pairs;
    }

    @Override
    public FaceTensors train() {
        return train;
    }

    @Override
    public List<float[]> scoringImages() {
        return scoringImages;
    }

    @Override
    public int pairCount() {
        return pairs.size();
    }

    @Override
    public List<String> skippedFiles() {
        return skipped;
    }
}

package org.facenas.evaluator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.facenas.data.FaceDataset;
import org.facenas.data.FacePreprocessing;
import org.facenas.data.Pairs;
import org.facenas.data.People;
import org.facenas.data.UnreadableImageException;
import org.facenas.evaluator.proxy.ProxySettings;
import org.facenas.evaluator.train.FaceTensors;
import org.facenas.evaluator.verification.PairCosines;
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

    private FolderProxyData(FaceTensors train, List<float[]> scoringImages, PairCosines pairs, List<String> skipped) {
        this.train = train;
        this.scoringImages = scoringImages;
        this.pairs = pairs;
        this.skipped = List.copyOf(skipped);
    }

    public static FolderProxyData load(Path dataDir, Path trainPeople, Path pairsFile, ProxySettings proxy) {
        FaceDataset dataset = FaceDataset.at(dataDir);
        FacePreprocessing pre = new FacePreprocessing(proxy.inputSize());
        People people = People.read(trainPeople);
        Pairs allPairs = Pairs.read(pairsFile).limitPerFold(proxy.pairsPerFold());
        Set<String> trainNames = new HashSet<>();
        people.identities().forEach(i -> trainNames.add(i.name()));
        for (Pairs.Pair p : allPairs.pairs()) {
            if (trainNames.contains(p.name1()) || trainNames.contains(p.name2())) {
                throw new IllegalArgumentException("identity " + (trainNames.contains(p.name1()) ? p.name1() : p.name2())
                        + " is both in " + trainPeople.getFileName() + " and in " + pairsFile.getFileName()
                        + ": held-out pairs must use identities that are not trained on");
            }
        }
        List<String> skipped = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        List<People.Identity> ids = people.identities();
        if (proxy.trainIdentities() > 0 && proxy.trainIdentities() < ids.size()) {
            ids = ids.subList(0, proxy.trainIdentities());
        }
        List<Path> files = new ArrayList<>();
        List<Integer> fileIdentity = new ArrayList<>();
        for (int c = 0; c < ids.size(); c++) {
            People.Identity id = ids.get(c);
            int n = proxy.imagesPerIdentity() > 0 ? Math.min(proxy.imagesPerIdentity(), id.images()) : id.images();
            for (int k = 1; k <= n; k++) {
                try {
                    files.add(dataset.image(id.name(), k));
                    fileIdentity.add(c);
                } catch (IllegalArgumentException missing) {
                    skipped.add(missing.getMessage());
                }
            }
        }
        List<float[]> decoded = decode(pre, files, skipped);
        List<float[]> images = new ArrayList<>();
        Map<Integer, Integer> labelOf = new LinkedHashMap<>();
        List<Integer> labels = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            if (decoded.get(i) != null) {
                images.add(decoded.get(i));
                labels.add(labelOf.computeIfAbsent(fileIdentity.get(i), k -> labelOf.size()));
            }
        }
        FaceTensors train = new FaceTensors(proxy.inputSize(), images, labels.stream().mapToInt(Integer::intValue).toArray(), labelOf.size());

        Map<Path, Integer> index = new LinkedHashMap<>();
        List<int[]> pairIdx = new ArrayList<>();
        List<Pairs.Pair> kept = new ArrayList<>();
        for (Pairs.Pair p : allPairs.pairs()) {
            try {
                Path a = dataset.image(p.name1(), p.image1());
                Path b = dataset.image(p.name2(), p.image2());
                pairIdx.add(new int[] {index.computeIfAbsent(a, k -> index.size()), index.computeIfAbsent(b, k -> index.size())});
                kept.add(p);
            } catch (IllegalArgumentException missing) {
                skipped.add(missing.getMessage());
            }
        }
        List<Path> scoringFiles = new ArrayList<>(index.keySet());
        List<float[]> scoring = decode(pre, scoringFiles, skipped);
        // drop pairs whose images could not be read, and re-index the rest
        Map<Integer, Integer> remap = new HashMap<>();
        List<float[]> scoringImages = new ArrayList<>();
        for (int i = 0; i < scoring.size(); i++) {
            if (scoring.get(i) != null) {
                remap.put(i, scoringImages.size());
                scoringImages.add(scoring.get(i));
            }
        }
        List<int[]> usable = new ArrayList<>();
        List<Pairs.Pair> usablePairs = new ArrayList<>();
        for (int i = 0; i < pairIdx.size(); i++) {
            int[] ab = pairIdx.get(i);
            if (remap.containsKey(ab[0]) && remap.containsKey(ab[1])) {
                usable.add(new int[] {remap.get(ab[0]), remap.get(ab[1])});
                usablePairs.add(kept.get(i));
            }
        }
        if (train.count() < 2 || train.classes() < 2) {
            throw new IllegalArgumentException("only " + train.count() + " readable training images of " + train.classes()
                    + " identities in " + dataDir + ": a proxy needs at least two identities");
        }
        if (usable.isEmpty()) {
            throw new IllegalArgumentException("no readable verification pairs in " + pairsFile);
        }
        PairCosines cosines = new PairCosines(usable.stream().mapToInt(x -> x[0]).toArray(), usable.stream().mapToInt(x -> x[1]).toArray(),
                toBooleans(usablePairs), usablePairs.stream().mapToInt(Pairs.Pair::fold).toArray());
        LOG.info("proxy data: {} training images of {} identities, {} pairs over {} images, {} skipped, loaded in {} s",
                train.count(), train.classes(), usable.size(), scoringImages.size(), skipped.size(),
                String.format("%.1f", (System.nanoTime() - start) / 1e9));
        skipped.forEach(s -> LOG.warn("skipped {}", s));
        return new FolderProxyData(train, scoringImages, cosines, skipped);
    }

    private static boolean[] toBooleans(List<Pairs.Pair> pairs) {
        boolean[] b = new boolean[pairs.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = pairs.get(i).same();
        }
        return b;
    }

    /** Decodes in parallel; an unreadable file yields null and is recorded. */
    private static List<float[]> decode(FacePreprocessing pre, List<Path> files, List<String> skipped) {
        float[][] out = new float[files.size()][];
        java.util.stream.IntStream.range(0, files.size()).parallel().forEach(i -> {
            try {
                out[i] = pre.load(files.get(i));
            } catch (UnreadableImageException e) {
                skipped.add(e.getMessage());
            }
        });
        return java.util.Arrays.asList(out);
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

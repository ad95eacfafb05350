package org.facenas.data.cfp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * CFP's verification protocol ({@code Protocol/} of the raw dataset): the pair lists number the frontal and profile
 * photos, {@code Split/FF|FP/NN/same.txt|diff.txt} hold {@code i,j} pairs of those numbers per fold (for FP, i is
 * frontal and j profile). Pairs come in fold order, within a fold same.txt before diff.txt, each file in its order.
 */
public final class CfpProtocol {

    private final Map<CfpView, List<CfpImage>> images;
    private final Map<CfpSet, List<CfpPair>> pairs;
    private final int folds;

    private CfpProtocol(Map<CfpView, List<CfpImage>> images, Map<CfpSet, List<CfpPair>> pairs, int folds) {
        this.images = images;
        this.pairs = pairs;
        this.folds = folds;
    }

    /**
     * Reads {@code root/Protocol}.
     *
     * @throws IllegalArgumentException naming the file (and line) that is missing or malformed
     */
    public static CfpProtocol read(Path root) throws IOException {
        Path protocol = root.resolve("Protocol");
        Map<CfpView, List<CfpImage>> images = new EnumMap<>(CfpView.class);
        for (CfpView v : CfpView.values()) {
            images.put(v, pairList(root, protocol.resolve(v.pairList()), v));
        }
        Map<CfpSet, List<CfpPair>> pairs = new EnumMap<>(CfpSet.class);
        int folds = -1;
        for (CfpSet set : CfpSet.values()) {
            Path split = protocol.resolve("Split").resolve(set.splitFolder());
            if (!Files.isDirectory(split)) {
                throw new IllegalArgumentException(split + " is missing: expected CFP's Protocol/Split/" + set.splitFolder() + "/01..10");
            }
            List<Path> foldDirs;
            try (Stream<Path> s = Files.list(split)) {
                foldDirs = s.filter(Files::isDirectory).sorted().toList();
            }
            if (foldDirs.isEmpty()) {
                throw new IllegalArgumentException(split + " holds no fold folders (01..10)");
            }
            if (folds >= 0 && folds != foldDirs.size()) {
                throw new IllegalArgumentException(split + " has " + foldDirs.size() + " folds, the other protocol " + folds);
            }
            folds = foldDirs.size();
            List<CfpPair> list = new ArrayList<>();
            for (int f = 0; f < foldDirs.size(); f++) {
                for (boolean same : new boolean[] {true, false}) {
                    Path file = foldDirs.get(f).resolve(same ? "same.txt" : "diff.txt");
                    list.addAll(split(file, images.get(CfpView.FRONTAL), images.get(set.secondView()), same, f));
                }
            }
            pairs.put(set, List.copyOf(list));
        }
        return new CfpProtocol(images, pairs, folds);
    }

    /** The pairs of {@code set} in file order. */
    public List<CfpPair> pairs(CfpSet set) {
        return pairs.get(set);
    }

    /** Number of folds (10 in CFP). */
    public int folds() {
        return folds;
    }

    /** Every photo some pair uses, each once, frontal before profile, in number order. */
    public List<CfpImage> usedImages() {
        Set<CfpImage> inPairs = new HashSet<>();
        pairs.values().forEach(l -> l.forEach(p -> {
            inPairs.add(p.first());
            inPairs.add(p.second());
        }));
        List<CfpImage> used = new ArrayList<>();
        for (CfpView v : CfpView.values()) {
            images.get(v).stream().filter(inPairs::contains).forEach(used::add);
        }
        return List.copyOf(used);
    }

    private static List<CfpImage> pairList(Path root, Path file, CfpView view) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " is missing: pass --data the raw CFP folder (it holds Data/ and Protocol/)");
        }
        List<CfpImage> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(file)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.strip().split("\\s+");
            Path rel = f.length == 2 ? root.relativize(file.getParent().resolve(f[1]).normalize()) : null;
            if (rel == null || rel.getNameCount() != 5 || !rel.startsWith(Path.of("Data", "Images"))
                    || !rel.getName(3).toString().equals(view.folder()) || !f[0].equals(Integer.toString(out.size() + 1))) {
                throw new IllegalArgumentException(file + ":" + lineNo + ": expected '" + (out.size() + 1) + " ../Data/Images/NNN/"
                        + view.folder() + "/MM.jpg', got '" + line.strip() + "'");
            }
            out.add(new CfpImage(view, out.size() + 1, rel.toString().replace('\\', '/'), rel.getName(2).toString()));
        }
        return List.copyOf(out);
    }

    private static List<CfpPair> split(Path file, List<CfpImage> first, List<CfpImage> second, boolean same, int fold) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " is missing: every CFP fold holds same.txt and diff.txt");
        }
        List<CfpPair> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(file)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] ij = line.strip().split("\\s*,\\s*");
            int i;
            int j;
            try {
                i = Integer.parseInt(ij[0]);
                j = ij.length == 2 ? Integer.parseInt(ij[1]) : -1;
            } catch (NumberFormatException e) {
                i = -1;
                j = -1;
            }
            if (i < 1 || i > first.size() || j < 1 || j > second.size()) {
                throw new IllegalArgumentException(file + ":" + lineNo + ": expected 'i,j' with i in 1.." + first.size() + " and j in 1.."
                        + second.size() + ", got '" + line.strip() + "'");
            }
            out.add(new CfpPair(first.get(i - 1), second.get(j - 1), same, fold));
        }
        return out;
    }
}

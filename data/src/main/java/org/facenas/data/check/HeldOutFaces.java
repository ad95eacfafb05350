package org.facenas.data.check;

import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.facenas.data.hash.Sha256;
import org.facenas.data.source.VerificationPairs;

/**
 * What verification holds out from training, and the one rule for a training image that breaks it (proxy training
 * leaves such images out; {@code facenas data check} reports them):
 * <ul>
 *   <li>by identity: no identity is both trained on and named by a scored pairs file;</li>
 *   <li>by content: a training image is a leak when its bytes are those of a verification image of another identity
 *       (a {@code .bin} image has none, so of any), unless it is itself named as a verification image. Trained on, the
 *       same face would be scored as held out.</li>
 * </ul>
 */
public final class HeldOutFaces {

    /**
     * One image as the rule sees it.
     *
     * @param identity    whose face it is; null for a {@code .bin} image (a .bin names no one)
     * @param name        how reports name it (a folder key, "id #N" in a RecordIO set, "lfw.bin image N")
     * @param contentHash SHA-256 of its encoded bytes
     */
    public record Image(String identity, String name, String contentHash) {
    }

    /** A training image with a verification image's bytes; {@link #line()} is how data check reports it. */
    public record Leak(String training, String verification) {
        public String line() {
            return training + " = pairs " + verification;
        }
    }

    /** Per content hash: the first verification image with it (what a leak names) and every identity it is of. */
    private final Map<String, Image> first;
    private final Map<String, Set<String>> identities;
    private final Set<String> names;

    private HeldOutFaces(Map<String, Image> first, Map<String, Set<String>> identities, Set<String> names) {
        this.first = first;
        this.identities = identities;
        this.names = names;
    }

    /** The verification images, in the order their names should be reported when two share bytes. */
    public static HeldOutFaces of(Collection<Image> verification) {
        Map<String, Image> first = new LinkedHashMap<>();
        Map<String, Set<String>> identities = new HashMap<>();
        Set<String> names = new HashSet<>();
        for (Image v : verification) {
            first.putIfAbsent(v.contentHash(), v);
            identities.computeIfAbsent(v.contentHash(), h -> new HashSet<>()).add(v.identity());
            names.add(v.name());
        }
        return new HeldOutFaces(first, identities, names);
    }

    /** Every image of the sets' pairs, set after set (each pair's first image, then its second). */
    public static HeldOutFaces ofPairs(List<VerificationPairs> sets) {
        List<Image> images = new java.util.ArrayList<>();
        for (VerificationPairs set : sets) {
            for (int i = 0; i < set.size(); i++) {
                images.add(new Image(set.identities().get(2 * i), set.names().get(2 * i), Sha256.hex(set.first().get(i))));
                images.add(new Image(set.identities().get(2 * i + 1), set.names().get(2 * i + 1), Sha256.hex(set.second().get(i))));
            }
        }
        return of(images);
    }

    /** The verification image {@code training} leaks into, if it does. */
    public Optional<Leak> leak(Image training) {
        Set<String> of = identities.get(training.contentHash());
        if (of == null || names.contains(training.name())) {
            return Optional.empty();
        }
        // the same face under another identity, or in a .bin (null: whose it is is unknown)
        boolean another = of.stream().anyMatch(identity -> identity == null || !identity.equals(training.identity()));
        return another ? Optional.of(new Leak(training.name(), first.get(training.contentHash()).name())) : Optional.empty();
    }

    /**
     * Refuses a training identity that a pairs file scores, before any image is read: a wrong people file fails in a
     * second.
     *
     * @param scored    identities the pairs name, in pair order (the first one found is named)
     * @param trained   the training identities
     * @param trainedIn what names them, for the message (a people file's name, or "the training set")
     * @param file      the pairs file
     */
    public static void requireDisjointIdentities(Collection<String> scored, Set<String> trained, String trainedIn, Path file) {
        for (String name : scored) {
            if (trained.contains(name)) {
                throw new IllegalArgumentException("identity " + name + " is both in " + trainedIn + " and in " + file.getFileName()
                        + ": held-out pairs must use identities that are not trained on");
            }
        }
    }
}

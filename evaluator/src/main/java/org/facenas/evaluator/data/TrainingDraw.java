package org.facenas.evaluator.data;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.facenas.data.check.HeldOutFaces;
import org.facenas.data.hash.Sha256;
import org.facenas.data.image.FacePreprocessing;
import org.facenas.data.image.ImageDecoding;
import org.facenas.data.image.RgbImage;
import org.facenas.data.source.FaceSource;
import org.facenas.data.source.SourceImage;
import org.facenas.records.proxy.ProxySettings;

/**
 * The images a proxy trains on for a seed: identities ranked by a seeded hash of their names, each identity's images
 * by a seeded hash of their bytes, the first {@link ProxySettings#trainIdentities()} and
 * {@link ProxySettings#imagesPerIdentity()} of each taken (0 = all). The draw so does not depend on the order in which
 * a source lists identities or images: an LFW folder and the same faces packed into RecordIO give the same training
 * set in the same order. Only the drawn images are decoded (in parallel), to resized 8-bit RGB; unreadable ones are
 * skipped, named and counted. An image that {@link HeldOutFaces} calls a leak is left out before the per-identity
 * draw, so a subset proxy still gets its count of images where there are enough.
 */
final class TrainingDraw {

    /**
     * What was drawn.
     *
     * @param tensors    the decoded images with identity labels (0.. in draw order)
     * @param images     the decoded images' source entries, in training order
     * @param identities identities drawn
     * @param unreadable drawn images that did not decode
     * @param leaks      images left out as leaks, in draw order
     */
    record Drawn(FaceTensors tensors, List<SourceImage> images, int identities, int unreadable, List<HeldOutFaces.Leak> leaks) {
    }

    /** One image as ranked: its source entry, bytes and content hash. */
    private record Candidate(SourceImage image, byte[] bytes, String contentHash) {
    }

    private TrainingDraw() {
    }

    /**
     * Draws from the identities {@code names} lists (one the source lacks is skipped and named) and decodes the drawn
     * images at {@code proxy}'s input size.
     *
     * @param skipped receives one line per identity without images, leaked image and unreadable image
     */
    static Drawn draw(FaceSource source, List<String> names, ProxySettings proxy, long seed, FacePreprocessing preprocessing,
                      List<String> skipped, HeldOutFaces heldOut) {
        Set<String> known = new HashSet<>(source.identities());
        List<String> ids = new ArrayList<>();
        for (String n : new LinkedHashSet<>(names)) {
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
        List<Candidate> chosen = new ArrayList<>();
        List<Integer> identityOf = new ArrayList<>();
        List<HeldOutFaces.Leak> leaks = new ArrayList<>();
        for (int c = 0; c < ids.size(); c++) {
            List<SourceImage> imgs = perIdentity.get(c);
            List<Candidate> ranked = new ArrayList<>(IntStream.range(0, imgs.size()).parallel().mapToObj(i -> {
                byte[] b = source.bytes(imgs.get(i));
                return new Candidate(imgs.get(i), b, Sha256.hex(b));
            }).toList());
            ranked.sort(Comparator.comparing((Candidate d) -> rank(seed, d.contentHash())).thenComparing(Candidate::contentHash));
            List<Candidate> kept = new ArrayList<>();
            for (Candidate d : ranked) {
                // named as data check names it
                Optional<HeldOutFaces.Leak> leak = heldOut.leak(new HeldOutFaces.Image(d.image().identity(),
                        source.displayName(d.image()), d.contentHash()));
                if (leak.isPresent()) {
                    skipped.add(leak.get().training() + ": the same bytes as a scoring image");
                    leaks.add(leak.get());
                } else {
                    kept.add(d);
                }
            }
            int n = proxy.imagesPerIdentity() > 0 ? Math.min(proxy.imagesPerIdentity(), kept.size()) : kept.size();
            for (int k = 0; k < n; k++) {
                chosen.add(kept.get(k));
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
        return new Drawn(tensors, keys, ids.size(), unreadable, leaks);
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
}

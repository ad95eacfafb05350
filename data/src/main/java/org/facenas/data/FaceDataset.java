package org.facenas.data;

import org.facenas.data.hash.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A face dataset laid out as one folder per identity.
 *
 * <p>Two layouts are accepted: {@code ROOT/images/IDENTITY/*.jpg} (LFW / celeba112 style) and
 * {@code ROOT/IDENTITY/*.pgm} (AT&amp;T/ORL style, used when {@code ROOT/images} does not exist).
 * Identities and files are sorted by name so that every listing, split and cache key is
 * deterministic across machines and file systems.
 *
 * <p>Immutable after {@link #open(Path)}; the listing is taken once.
 */
public final class FaceDataset {

    /** File extensions recognised as images (lower case, without dot). */
    public static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "pgm");

    private final Path root;
    private final Path imagesRoot;
    private final Map<String, List<FaceImageFile>> byIdentity;

    private FaceDataset(Path root, Path imagesRoot, Map<String, List<FaceImageFile>> byIdentity) {
        this.root = root;
        this.imagesRoot = imagesRoot;
        this.byIdentity = byIdentity;
    }

    /**
     * Lists a dataset folder.
     *
     * @param root dataset root (contains {@code images/} or the identity folders directly)
     * @return the listed dataset
     * @throws IllegalArgumentException if {@code root} is not a directory
     * @throws UncheckedIOException     if the folder cannot be listed
     */
    public static FaceDataset open(Path root) {
        Path absRoot = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(absRoot)) {
            throw new IllegalArgumentException("dataset folder " + absRoot
                    + " does not exist or is not a folder; pass a folder with images/IDENTITY/*.jpg");
        }
        Path images = absRoot.resolve("images");
        Path imagesRoot = Files.isDirectory(images) ? images : absRoot;
        Map<String, List<FaceImageFile>> byIdentity = new LinkedHashMap<>();
        for (Path identityDir : sortedChildren(imagesRoot)) {
            if (!Files.isDirectory(identityDir)) {
                continue;
            }
            String identity = identityDir.getFileName().toString();
            List<FaceImageFile> files = new ArrayList<>();
            for (Path file : sortedChildren(identityDir)) {
                if (Files.isRegularFile(file) && isImageName(file.getFileName().toString())) {
                    files.add(new FaceImageFile(identity,
                            absRoot.relativize(file).toString().replace('\\', '/'), file, size(file)));
                }
            }
            if (!files.isEmpty()) {
                byIdentity.put(identity, List.copyOf(files));
            }
        }
        return new FaceDataset(absRoot, imagesRoot, Collections.unmodifiableMap(byIdentity));
    }

    /** True when the file name ends in one of {@link #IMAGE_EXTENSIONS} (case-insensitive). */
    public static boolean isImageName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The dataset root as given to {@link #open(Path)}, absolute. */
    public Path root() {
        return root;
    }

    /** The folder holding the identity folders: {@code root/images} or {@code root}. */
    public Path imagesRoot() {
        return imagesRoot;
    }

    /** Identity names with at least one image, sorted. */
    public List<String> identities() {
        return List.copyOf(byIdentity.keySet());
    }

    /** Images of one identity, sorted by file name; empty if the identity is unknown. */
    public List<FaceImageFile> images(String identity) {
        return byIdentity.getOrDefault(identity, List.of());
    }

    /** All images, identity by identity, in listing order. */
    public List<FaceImageFile> allImages() {
        return byIdentity.values().stream().flatMap(List::stream).toList();
    }

    /** Number of images over all identities. */
    public int imageCount() {
        return byIdentity.values().stream().mapToInt(List::size).sum();
    }

    /**
     * The LFW-convention path of image number {@code n} (1-based) of {@code name}:
     * {@code images/name/name_%04d.EXT} with whichever of the image extensions exists.
     *
     * @return the existing file, or empty if no file with any known extension exists
     */
    public Optional<Path> lfwImagePath(String name, int n) {
        String base = String.format(Locale.ROOT, "%s_%04d.", name, n);
        Path dir = imagesRoot.resolve(name);
        for (String ext : List.of("jpg", "jpeg", "png", "pgm", "JPG", "JPEG", "PNG", "PGM")) {
            Path candidate = dir.resolve(base + ext);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * SHA-256 (hex) over the sorted relative paths and sizes of all images. Changes when a file is
     * added, removed, renamed or changes size; meant as a cheap cache key, not a content hash.
     */
    public String listingHash() {
        MessageDigest sha = Sha256.digest();
        allImages().stream()
                .sorted((a, b) -> a.relativePath().compareTo(b.relativePath()))
                .forEach(f -> sha.update((f.relativePath() + "\t" + f.sizeBytes() + "\n")
                        .getBytes(StandardCharsets.UTF_8)));
        return Sha256.hex(sha);
    }

    private static List<Path> sortedChildren(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat " + file, e);
        }
    }
}

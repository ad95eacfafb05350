package org.facenas.data;

import java.nio.file.Path;

/**
 * One image file of a {@link FaceDataset}.
 *
 * @param identity     the identity folder name
 * @param relativePath path relative to the dataset root, always with '/' separators
 * @param path         absolute path on disk
 * @param sizeBytes    file size, part of the listing hash
 */
public record FaceImageFile(String identity, String relativePath, Path path, long sizeBytes) {
}

package org.facenas.data.image;

import java.nio.file.Path;

/**
 * A decoded and preprocessed face.
 *
 * @param file   source file
 * @param tensor network input
 */
public record LoadedFace(Path file, ChwTensor tensor) {
}

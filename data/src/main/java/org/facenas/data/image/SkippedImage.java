package org.facenas.data.image;

import java.nio.file.Path;

/**
 * An image left out of a batch and why.
 *
 * @param file   the file
 * @param reason one-line reason (decoder message)
 */
public record SkippedImage(Path file, String reason) {
}

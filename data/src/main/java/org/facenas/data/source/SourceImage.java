package org.facenas.data.source;

/**
 * One image of a {@link FaceSource}, not yet read.
 *
 * @param identity the identity's name
 * @param key      stable within its source: the path under {@code images/} of a folder, {@code #record} of a RecordIO
 *                 set; teacher caches key on it. Serializable: a Spark task is handed the images it reads.
 */
public record SourceImage(String identity, String key) implements java.io.Serializable {
}

package org.facenas.data.recordio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * InsightFace's {@code property} file: one line {@code classes,height,width} (e.g. {@code 85742,112,112}).
 *
 * @param classes number of identities
 * @param height  image height in pixels
 * @param width   image width in pixels
 */
public record InsightFaceProperty(int classes, int height, int width) {

    public InsightFaceProperty {
        if (classes < 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("property needs classes >= 0 and a positive size, got "
                    + classes + "," + height + "," + width);
        }
    }

    /**
     * Reads the file.
     *
     * @throws RecordIoFormatException when the line is not three comma-separated integers
     */
    public static InsightFaceProperty read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String[] f = text.split("\\s*,\\s*");
        try {
            if (f.length != 3) {
                throw new NumberFormatException();
            }
            return new InsightFaceProperty(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]));
        } catch (IllegalArgumentException e) {
            throw new RecordIoFormatException(file + ": expected one line 'classes,height,width' (e.g. 85742,112,112), got '"
                    + (text.length() > 60 ? text.substring(0, 60) + "..." : text) + "'");
        }
    }

    /** Writes the one line (with a trailing newline, as InsightFace's scripts do). */
    public void write(Path file) {
        try {
            Files.writeString(file, classes + "," + height + "," + width + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}

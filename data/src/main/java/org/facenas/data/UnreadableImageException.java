package org.facenas.data;

import java.nio.file.Path;

/** An image that cannot be decoded; callers skip it, count it and name it in their results. */
public final class UnreadableImageException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    public UnreadableImageException(Path file, String why) {
        super(file + ": " + why);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}

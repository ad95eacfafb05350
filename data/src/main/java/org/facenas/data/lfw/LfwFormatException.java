package org.facenas.data.lfw;

import java.nio.file.Path;

/** A malformed LFW people/pairs file; the message is one line naming file, line and the fix. */
public final class LfwFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    LfwFormatException(Path file, int lineNumber, String problem, String fix) {
        super(file + ":" + lineNumber + ": " + problem + "; " + fix);
    }
}

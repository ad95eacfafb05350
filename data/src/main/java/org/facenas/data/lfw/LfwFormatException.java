package org.facenas.data.lfw;

import java.nio.file.Path;

/**
 * A malformed LFW people/pairs file; the message is one line naming file, line and the fix. Bad input, so every command
 * prints it as one line with exit code 2.
 */
public final class LfwFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    LfwFormatException(Path file, int lineNumber, String problem, String fix) {
        super(file + ":" + lineNumber + ": " + problem + "; " + fix);
    }
}

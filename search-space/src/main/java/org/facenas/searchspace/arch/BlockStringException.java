package org.facenas.searchspace.arch;

/** A block string that cannot be read; the message names the token, its position and what to write. */
public final class BlockStringException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public BlockStringException(String message) {
        super(message);
    }
}

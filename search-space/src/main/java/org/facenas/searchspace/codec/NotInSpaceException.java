package org.facenas.searchspace.codec;

/** An architecture outside a search space, with the first gene that does not fit. */
public final class NotInSpaceException extends IllegalArgumentException {

    private final String reason;

    NotInSpaceException(String architecture, String space, String reason) {
        super("architecture " + architecture + " is not in search space '" + space + "': " + reason);
        this.reason = reason;
    }

    /** The first gene that does not fit, e.g. {@code stage 3 kernel 7 is not one of [3, 5]}. */
    public String reason() {
        return reason;
    }
}

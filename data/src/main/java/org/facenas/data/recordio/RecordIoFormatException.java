package org.facenas.data.recordio;

/**
 * A RecordIO file that does not hold what its index or header promises (bad magic, an offset past the end, a
 * truncated record, a label that disagrees with its identity). The message is one line naming the file and the
 * record; it extends {@link IllegalArgumentException} so every command reports it as bad input (exit code 2).
 */
public final class RecordIoFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public RecordIoFormatException(String message) {
        super(message);
    }
}

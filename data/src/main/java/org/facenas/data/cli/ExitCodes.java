package org.facenas.data.cli;

/** Exit codes shared by the data subcommands. */
final class ExitCodes {

    /** Ran and found nothing wrong. */
    static final int OK = 0;
    /** Ran and found problems in the data (check). */
    static final int PROBLEMS_FOUND = 1;
    /** Could not run: missing folder or model, bad number, malformed input file ({@code OneLineErrors}). */
    static final int BAD_INPUT = org.facenas.cli.OneLineErrors.BAD_INPUT;

    private ExitCodes() {
    }
}

package org.facenas.search.cli;

import picocli.CommandLine.Option;

/** {@code --retry-failed}, as a picocli mixin for every command that trains bench tasks into a records file. */
final class RetryFailed {

    @Option(names = "--retry-failed", description = "train again the tasks recorded FAILED (out of memory, say, under limits "
            + "since raised); the failed record stays in the file and the new one counts")
    boolean retry;
}

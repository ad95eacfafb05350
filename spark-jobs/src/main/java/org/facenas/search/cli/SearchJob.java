package org.facenas.search.cli;

import org.facenas.cli.OneLineErrors;
import picocli.CommandLine;

/** The spark-submit entry point: {@code spark-submit --class org.facenas.search.cli.SearchJob facenas.jar --config FILE}. */
public final class SearchJob {

    private SearchJob() {
    }

    public static void main(String[] args) {
        System.exit(OneLineErrors.install(new CommandLine(new SearchCommand())).execute(args));
    }
}

package org.facenas.results.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.facenas.results.RunRecord;
import org.facenas.results.report.HtmlReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code facenas report RUN_DIR}: a static HTML report that opens from disk. Prints the file's path. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Write a self-contained HTML report of a run.")
public final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "run directory")
    Path run;

    @Option(names = "--out", description = "HTML file (default RUN_DIR/report.html)")
    Path out;

    @Override
    public Integer call() throws Exception {
        RunRecord record = RunRecord.open(run);
        Path file = out != null ? out : run.resolve("report.html");
        Files.writeString(file, HtmlReport.render(record));
        spec.commandLine().getOut().println(file.toAbsolutePath().normalize());
        spec.commandLine().getOut().flush();
        return 0;
    }
}

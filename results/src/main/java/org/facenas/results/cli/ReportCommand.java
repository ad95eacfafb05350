package org.facenas.results.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.facenas.results.RunRecord;
import org.facenas.results.report.HtmlReport;
import org.facenas.cli.Outputs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Option(names = "--out", description = "HTML file (default RUN_DIR/report.html; its folder is created; --force to replace one)")
    Path out;

    @Mixin
    Outputs outputs;

    @Override
    public Integer call() throws Exception {
        Path file = out != null ? out : run.resolve("report.html");
        RunRecord.refuseAsOutput("--out", file);
        outputs.file("--out", file);
        RunRecord record = RunRecord.open(run);
        String html = HtmlReport.render(record);
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Files.writeString(file, html);
        spec.commandLine().getOut().println(file.toAbsolutePath().normalize());
        spec.commandLine().getOut().flush();
        return 0;
    }
}

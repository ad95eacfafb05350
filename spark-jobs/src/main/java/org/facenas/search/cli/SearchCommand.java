package org.facenas.search.cli;

import org.facenas.search.EvaluationSpec;
import org.facenas.search.RunDirectory;
import org.facenas.results.SearchConfig;
import org.facenas.search.SearchRun;
import org.facenas.search.StartChecks;
import org.facenas.search.TeacherSetup;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.facenas.cli.StdoutReservation;
import org.facenas.cli.StopAfter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code facenas search}: the search job. Under spark-submit it runs against the given master; started directly
 * (bin/facenas search) it runs embedded in {@code local[*]}. The last line printed is the run directory.
 */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Evolve architectures under a budget, evaluating each generation's new candidates as Spark tasks.")
public final class SearchCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", description = "YAML search config (see configs/)")
    Path config;

    @Option(names = "--out", description = "run directory (default runs/NAME-TIMESTAMP)")
    Path out;

    @Option(names = "--resume", description = "continue the run in this directory (its config.yaml is used)")
    Path resume;

    @Option(names = "--stop-after", paramLabel = "SECONDS", description = "start no candidate after this many seconds; those training finish "
            + "and are recorded, and --resume continues (default: run to the end)")
    Double stopAfter;

    /**
     * A search's Spark settings: the given master (spark-submit) or local[*]; task CPUs and the executors' OpenMP
     * threads both {@code taskCpus}; no speculation. Settings given to spark-submit win.
     */
    public static SparkConf sparkConf(String appName, int taskCpus) {
        SparkConf conf = new SparkConf().setAppName(appName);
        if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        conf.setIfMissing("spark.task.cpus", Integer.toString(taskCpus));
        conf.setIfMissing("spark.speculation", "false");
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", Integer.toString(taskCpus));
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        int cpus = conf.getInt("spark.task.cpus", taskCpus);
        int offered = coresOffered(conf);
        if (cpus > offered) {
            // Spark would fail later with a stack trace (local) or never schedule a task (a cluster)
            throw new IllegalArgumentException("taskCpus " + cpus + " is more than the " + offered + " cores per executor that "
                    + conf.get("spark.master") + " offers" + (conf.get("spark.master").startsWith("local") ? " (this machine)" : "")
                    + ": give taskCpus (--task-cpus) of at most " + offered);
        }
        return conf;
    }

    /** Cores one executor offers: local[N] N, local[*] this machine's, a cluster's spark.executor.cores (unknown: no limit). */
    static int coresOffered(SparkConf conf) {
        java.util.regex.Matcher local = java.util.regex.Pattern.compile("local(?:\\[([0-9]+|\\*)(?:,[0-9]+)?])?")
                .matcher(conf.get("spark.master"));
        if (local.matches()) {
            return local.group(1) == null ? 1 : local.group(1).equals("*") ? Runtime.getRuntime().availableProcessors()
                    : Integer.parseInt(local.group(1));
        }
        return conf.getInt("spark.executor.cores", Integer.MAX_VALUE);
    }

    @Override
    public Integer call() {
        if ((config == null) == (resume == null)) {
            throw new IllegalArgumentException("give either --config FILE for a new run or --resume RUN_DIR to continue one");
        }
        StopAfter.seconds(stopAfter); // checked before anything starts
        PrintStream console = System.err;
        RunDirectory run;
        SparkConf conf;
        if (resume != null) {
            run = RunDirectory.open(resume);
            StartChecks.inputs(run.config());
            run.state(); // an unreadable state.json is an error now, not after Spark has started
            conf = sparkConf("facenas search " + run.runId(), run.config().taskCpus());
        } else {
            SearchConfig loaded = SearchConfig.load(config);
            SearchConfig resolved = loaded.withAbsolutePaths();
            SearchRun.validate(resolved);
            StartChecks.inputs(resolved);
            conf = sparkConf("facenas search " + loaded.name(), resolved.taskCpus());
            Path dir = out != null ? out : Path.of("runs", loaded.name() + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            try {
                run = RunDirectory.create(dir, resolved, Files.readString(config));
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("cannot read " + config + ": " + e.getMessage());
            }
        }
        boolean done;
        try (run) {
            SearchRun search = new SearchRun(run);
            SearchConfig c = run.config();
            // stdout is kept for the run directory line
            try (StdoutReservation reserved = StdoutReservation.begin();
                 JavaSparkContext sc = new JavaSparkContext(conf.setAppName("facenas search " + run.runId()))) {
                sc.setLogLevel("WARN");
                List<Path> teacherCache = TeacherSetup.prepare(run, console, 0, sc);
                done = search.run(sc, EvaluationSpec.of(c, teacherCache), console, Double.POSITIVE_INFINITY,
                        stopAfter == null ? Double.POSITIVE_INFINITY : stopAfter);
            }
        }
        Path dir = run.path().toAbsolutePath().normalize();
        if (!done) {
            console.printf(java.util.Locale.ROOT, "stopped starting candidates after %.1f s (--stop-after): the run is not finished; "
                    + "continue it with: bin/facenas search --resume %s%n", stopAfter, dir);
        }
        spec.commandLine().getOut().println(dir);
        spec.commandLine().getOut().flush();
        return 0;
    }
}

package org.facenas.search;

import org.facenas.search.cli.SearchJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search job submitted with Spark's own SparkSubmit to a real standalone cluster on 127.0.0.1 (one Master,
 * two Workers of one core each, all started from the Spark jars), and a Worker killed, with its executor, in the
 * middle of the first generation: the run still completes, with every candidate recorded exactly once.
 */
class StandaloneClusterIT {

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopCluster() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A SPARK_HOME whose jars/ holds the Spark jars this build resolved (what a Worker puts on executors' classpath). */
    static Path sparkHome(Path tmp) throws IOException {
        Path home = tmp.resolve("spark-home");
        Path jars = Files.createDirectories(home.resolve("jars"));
        for (String jar : Files.readString(Path.of(System.getProperty("facenas.sparkClasspath"))).trim().split(java.io.File.pathSeparator)) {
            Path src = Path.of(jar);
            Files.createSymbolicLink(jars.resolve(src.getFileName()), src);
        }
        Files.createDirectories(home.resolve("conf"));
        return home;
    }

    Process start(Path home, Path log, List<String> args) throws IOException {
        return start(home, log, log, args);
    }

    /** A JVM on the Spark jars, stdout and stderr to the given files (the same file: merged). */
    Process start(Path home, Path out, Path err, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx512m", "-cp", home.resolve("jars") + "/*"));
        cmd.addAll(opens());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (out.equals(err)) {
            pb.redirectErrorStream(true).redirectOutput(out.toFile());
        } else {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        }
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_SCALA_VERSION", "2.13");
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    static List<String> opens() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions") || a.startsWith("-Djdk.reflect")
                        || a.startsWith("-Dio.netty"))
                .toList();
    }

    static void waitFor(Path log, String text, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("'" + text + "' did not appear in " + log + " within " + seconds + " s:\n"
                + (Files.exists(log) ? Files.readString(log) : ""));
    }

    @Test
    void searchOnAStandaloneClusterSurvivesALostWorker(@TempDir Path tmp) throws Exception {
        Path home = sparkHome(tmp);
        int port = freePort();
        String master = "spark://127.0.0.1:" + port;
        Path masterLog = tmp.resolve("master.log");
        start(home, masterLog, List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", "" + port,
                "--webui-port", "" + freePort()));
        waitFor(masterLog, "I have been elected leader", 90);
        List<Process> workers = new ArrayList<>();
        for (int w = 1; w <= 2; w++) {
            Path wlog = tmp.resolve("worker" + w + ".log");
            workers.add(start(home, wlog, List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1",
                    "--memory", "4g", "--webui-port", "" + freePort(), "--work-dir", tmp.resolve("work" + w).toString(), master)));
            waitFor(wlog, "Successfully registered with master", 90);
        }

        Path config = tmp.resolve("cluster.yaml");
        Files.writeString(config, LocalSearchTest.config("cluster", "nsga2", 4, 2).replace("references: [mobilefacenet]\n", ""));
        Path runDir = tmp.resolve("run");
        String executorOpts = String.join(" ", opts("-Dorg.bytedeco.javacpp.maxbytes=3G", "-Dorg.bytedeco.javacpp.maxphysicalbytes=5G"));
        Path driverLog = tmp.resolve("driver.log");
        Path driverOut = tmp.resolve("driver.out");
        Process driver = start(home, driverOut, driverLog, List.of("-Xmx2g", "org.apache.spark.deploy.SparkSubmit", "--master", master,
                "--deploy-mode", "client", "--class", SearchJob.class.getName(),
                "--conf", "spark.executor.memory=2g", "--conf", "spark.executor.cores=1",
                "--conf", "spark.executor.extraJavaOptions=" + executorOpts,
                "--conf", "spark.executorEnv.SPARK_LOCAL_IP=127.0.0.1",
                System.getProperty("facenas.jar"), "--config", config.toString(), "--out", runDir.toString()));

        // kill a Worker and its executor once candidates are being recorded (mid generation 1)
        Path candidates = runDir.resolve(RunDirectory.CANDIDATES);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
        while ((!Files.exists(candidates) || Files.readAllLines(candidates).isEmpty()) && driver.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(Files.exists(candidates), "no candidate was recorded:\n" + Files.readString(driverLog));
        Process victim = workers.get(0);
        victim.descendants().forEach(ProcessHandle::destroyForcibly);
        victim.destroyForcibly();

        assertTrue(driver.waitFor(10, TimeUnit.MINUTES), "the job did not finish:\n" + Files.readString(driverLog));
        String log = Files.readString(driverLog);
        assertEquals(0, driver.exitValue(), log);
        assertTrue(java.util.regex.Pattern.compile("(?i)lost executor|executor lost|worker lost|ExecutorLostFailure|Removed executor").matcher(log).find(),
                "the driver never noticed the killed worker:\n" + log);
        List<String> stdoutLines = Files.readAllLines(driverOut).stream().filter(l -> !l.isBlank()).toList();
        assertEquals(runDir.toAbsolutePath().normalize().toString(), stdoutLines.get(stdoutLines.size() - 1),
                "the last line printed is the run directory");

        try (RunDirectory run = RunDirectory.open(runDir)) {
            assertEquals(2, run.state().orElseThrow().generation());
            Set<String> seen = new HashSet<>();
            Set<String> executors = new HashSet<>();
            for (org.facenas.results.CandidateRecord c : run.candidateRecords()) {
                assertTrue(seen.add(c.blockString()), "recorded twice: " + c.blockString());
                executors.add(c.executor());
            }
            for (org.facenas.results.GenerationRecord g : run.generationRecords()) {
                g.population().forEach(p -> assertTrue(seen.contains(p), "population member lost: " + p));
            }
            assertTrue(executors.stream().noneMatch(e -> e.startsWith("driver")), "candidates ran on the driver: " + executors);
        }
    }

    static List<String> opts(String... extra) {
        List<String> out = new ArrayList<>(opens());
        out.addAll(List.of(extra));
        return out;
    }
}

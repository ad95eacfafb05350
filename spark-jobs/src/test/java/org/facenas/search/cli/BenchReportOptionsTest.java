package org.facenas.search.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.facenas.data.SharedData;
import org.facenas.results.stats.KendallTau;
import org.facenas.results.stats.SpearmanRho;
import org.facenas.search.bench.BenchRunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The options that replaced measurements/'s Python scripts, re-reading the committed records (copied: --report-only
 * trains nothing, and the copies keep measurements/ untouched): bench kd --baseline pairs each variant with the
 * baseline's run of the same architecture and seed, bench proxy --seed-mean ranks seed means. The oracles read
 * records.jsonl directly, pairing by block string and seed, and compute the statistic by brute force.
 */
class BenchReportOptionsTest {

    static final Path MEASUREMENTS = Path.of("../measurements");
    static final Path CELEBA = SharedData.celeba112();
    static final ObjectMapper JSON = new ObjectMapper();
    /** The committed records were trained before issue 25: under DL4J's double weight decay, which these keys name. */
    static final String OLD_SCREEN = "screen:weightDecayRule=doubled";
    static final String OLD_PROXIES = "screen:weightDecayRule=doubled,quick:weightDecayRule=doubled,standard:weightDecayRule=doubled";

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static Run facenas(String... args) {
        CommandLine cli = FaceNas.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private Path copy(String folder) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(folder.replace('/', '-')));
        for (String f : List.of(BenchRunDirectory.RECORDS, BenchRunDirectory.DESCRIPTION)) {
            Files.copy(MEASUREMENTS.resolve(folder).resolve(f), dir.resolve(f));
        }
        return dir;
    }

    private static List<JsonNode> records(Path dir) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(BenchRunDirectory.RECORDS))) {
            JsonNode r = JSON.readTree(line);
            if ("OK".equals(r.get("result").get("status").asText())) {
                out.add(r);
            }
        }
        return out;
    }

    @Test
    void kdBaselinePairsEachVariantWithTheBaselinesRunOfTheSameArchitectureAndSeed() throws Exception {
        Path dir = copy("kd/screen-extra");
        List<String> kds = new ArrayList<>();
        JSON.readTree(dir.resolve(BenchRunDirectory.DESCRIPTION).toFile()).get("kd").forEach(k -> kds.add(k.asText()));
        String baseline = "cosine+warmup=0.3+head@30.0";
        Run run = facenas("bench", "kd", "--report-only", "--json", "--out", dir.toString(), "--proxy", OLD_SCREEN,
                "--archs", "ds-face-k7,mnas-face-se,iresnet-mini,mobilefacenet", "--seeds", "1,2,3", "--kd", String.join(",", kds),
                "--baseline", "cosine+warmup=0.3+head@30", "--resamples", "1000");
        assertEquals(0, run.code(), run.err());
        JsonNode doc = JSON.readTree(run.out());
        assertEquals(baseline, doc.get("baseline").asText());

        Map<String, Double> acc = new HashMap<>();
        for (JsonNode r : records(dir)) {
            acc.put(r.get("blockString").asText() + "|" + r.get("seed").asLong() + "|" + r.get("kd").asText(),
                    r.get("result").get("accuracy").asDouble());
        }
        Set<String> pairs = new TreeSet<>();
        acc.keySet().stream().filter(k -> k.endsWith("|" + baseline)).forEach(k -> pairs.add(k.substring(0, k.length() - baseline.length())));
        assertEquals(12, pairs.size());
        assertEquals(kds.size() - 1, doc.get("variants").size(), "every variant but the baseline itself");
        for (JsonNode v : doc.get("variants")) {
            String kd = v.get("kd").asText();
            assertFalse(kd.equals(baseline));
            double sum = 0;
            int wins = 0;
            for (String p : pairs) {
                double d = acc.get(p + kd) - acc.get(p + baseline);
                sum += d;
                wins += d > 0 ? 1 : 0;
            }
            assertEquals(12, v.get("pairs").asInt(), kd);
            assertEquals(sum / 12, v.get("meanGain").asDouble(), 1e-12, kd);
            assertEquals(wins, v.get("wins").asInt(), kd);
            assertTrue(v.get("gainLow").asDouble() <= v.get("meanGain").asDouble()
                    && v.get("meanGain").asDouble() <= v.get("gainHigh").asDouble(), v.toString());
        }
        assertEquals(List.of(BenchRunDirectory.RECORDS, BenchRunDirectory.DESCRIPTION).stream()
                .map(f -> MEASUREMENTS.resolve("kd/screen-extra").resolve(f).toFile().length()).toList(),
                List.of(BenchRunDirectory.RECORDS, BenchRunDirectory.DESCRIPTION).stream().map(f -> dir.resolve(f).toFile().length()).toList(),
                "--report-only writes nothing");

        Run table = facenas("bench", "kd", "--report-only", "--out", dir.toString(), "--proxy", OLD_SCREEN,
                "--archs", "ds-face-k7,mnas-face-se,iresnet-mini,mobilefacenet", "--seeds", "1,2,3", "--kd", "cosine+warmup=0.3+head+extra=224@30",
                "--baseline", "cosine+warmup=0.3+head@30", "--resamples", "200");
        assertEquals(0, table.code(), table.err());
        assertTrue(table.out().contains("accuracy with the variant - with " + baseline) && table.out().contains(" wins "), table.out());
    }

    @Test
    void aBaselineThatIsNoKdSpecIsAOneLineError() {
        Run run = facenas("bench", "kd", "--report-only", "--out", tmp.resolve("none").toString(), "--baseline", "cosine+nonsense@3");
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains("--baseline cosine+nonsense@3: "), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }

    @Test
    void proxySeedMeanRanksEachProxysSeedMeansAgainstTheMoreExpensiveOnes() throws Exception {
        Path dir = copy("proxy/fidelity");
        Path config = Files.writeString(tmp.resolve("quickstart.yaml"), Files.readString(Path.of("../configs/quickstart.yaml"))
                .replace("data: ../shared/datasets/celeba112", "data: " + CELEBA.toAbsolutePath().normalize()));
        Run run = facenas("bench", "proxy", "--report-only", "--json", "--seed-mean", "--config", config.toString(), "--kd", "default",
                "--sample", "12", "--seeds", "1,2", "--proxies", OLD_PROXIES, "--out", dir.toString(), "--resamples", "200");
        assertEquals(0, run.code(), run.err());
        JsonNode pairs = JSON.readTree(run.out()).get("seedMeanPairs");
        List<String> names = new ArrayList<>();
        pairs.forEach(p -> names.add(p.get("cheaper").asText() + ">" + p.get("expensive").asText() + ":" + p.get("score").asText()));
        assertTrue(names.containsAll(List.of("screen>quick:ROC_AUC", "screen>standard:ROC_AUC", "quick>standard:ACCURACY")), names.toString());

        // the oracle: per architecture label, the mean over the proxy's OK records; tau-b and rho over the labels both have
        Map<String, Map<String, List<Double>>> scores = new HashMap<>();
        for (JsonNode r : records(dir)) {
            scores.computeIfAbsent(r.get("proxyName").asText(), k -> new HashMap<>())
                    .computeIfAbsent(r.get("label").asText(), k -> new ArrayList<>()).add(r.get("result").get("rocAuc").asDouble());
        }
        JsonNode p = null;
        for (JsonNode q : pairs) {
            if (q.get("cheaper").asText().equals("screen") && q.get("expensive").asText().equals("standard") && q.get("score").asText().equals("ROC_AUC")) {
                p = q;
            }
        }
        List<String> both = scores.get("standard").keySet().stream().filter(scores.get("screen")::containsKey).sorted().toList();
        double[] x = both.stream().mapToDouble(a -> scores.get("screen").get(a).stream().mapToDouble(Double::doubleValue).average().orElseThrow()).toArray();
        double[] y = both.stream().mapToDouble(a -> scores.get("standard").get(a).stream().mapToDouble(Double::doubleValue).average().orElseThrow()).toArray();
        assertEquals(both.size(), p.get("archs").asInt());
        assertEquals(2, p.get("cheaperSeeds").asInt());
        assertEquals(1, p.get("expensiveSeeds").asInt(), "standard ran seed 1 only");
        assertEquals(bruteForceTauB(x, y), p.get("tau").get("value").asDouble(), 1e-12);
        assertEquals(KendallTau.tauB(x, y), p.get("tau").get("value").asDouble(), 1e-12);
        assertEquals(SpearmanRho.rho(x, y), p.get("rho").get("value").asDouble(), 1e-12);
        assertTrue(p.get("tau").get("lo").asDouble() <= p.get("tau").get("value").asDouble()
                && p.get("tau").get("value").asDouble() <= p.get("tau").get("hi").asDouble(), p.toString());

        Run table = facenas("bench", "proxy", "--report-only", "--seed-mean", "--config", config.toString(), "--kd", "default",
                "--sample", "12", "--seeds", "1,2", "--proxies", OLD_PROXIES, "--out", dir.toString(), "--resamples", "200");
        assertEquals(0, table.code(), table.err());
        assertTrue(table.out().contains("each averaged over its recorded seeds first"), table.out());
    }

    /** Tau-b from its definition: over all pairs, (concordant - discordant) / sqrt((n0 - ties x)(n0 - ties y)). */
    static double bruteForceTauB(double[] x, double[] y) {
        long c = 0;
        long d = 0;
        long tx = 0;
        long ty = 0;
        long n0 = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                n0++;
                double s = Math.signum(x[i] - x[j]) * Math.signum(y[i] - y[j]);
                tx += x[i] == x[j] ? 1 : 0;
                ty += y[i] == y[j] ? 1 : 0;
                c += s > 0 ? 1 : 0;
                d += s < 0 ? 1 : 0;
            }
        }
        return (c - d) / Math.sqrt((double) (n0 - tx) * (n0 - ty));
    }

    @Test
    void benchJsonKeepsEveryInvocationAndReadsAnOldOneAsTheFirst() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("bench"));
        Files.writeString(dir.resolve(BenchRunDirectory.DESCRIPTION), "{\"bench\":\"kd\",\"kd\":[\"cosine@10.0\"]}");
        try (BenchRunDirectory run = BenchRunDirectory.open(dir)) {
            run.describe(Map.of("bench", "kd", "kd", List.of("pocketnet@1.0")));
            run.describe(Map.of("bench", "kd", "kd", List.of("similarity@1.0")));
            List<JsonNode> all = run.invocations();
            assertEquals(3, all.size());
            assertEquals("cosine@10.0", all.get(0).get("kd").get(0).asText(), "the old file is the first invocation");
            assertEquals("pocketnet@1.0", all.get(1).get("kd").get(0).asText());
            assertTrue(all.get(1).hasNonNull("invokedAt") && all.get(2).hasNonNull("invokedAt"));
        }
        JsonNode doc = JSON.readTree(dir.resolve(BenchRunDirectory.DESCRIPTION).toFile());
        assertEquals("similarity@1.0", doc.get("kd").get(0).asText(), "the top level is the last invocation, read as before");
        assertEquals(3, doc.get("invocations").size());

        Path fresh = tmp.resolve("fresh");
        try (BenchRunDirectory run = BenchRunDirectory.open(fresh)) {
            assertEquals(List.of(), run.invocations());
            run.describe(Map.of("bench", "proxy"));
            assertEquals(1, run.invocations().size());
        }
    }
}

package org.facenas.evaluator.zerocost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.facenas.cli.OneLineErrors;
import org.facenas.data.SharedData;
import org.facenas.evaluator.EvaluatorBuilder;
import org.facenas.evaluator.cli.EvaluateCommand;
import org.facenas.evaluator.data.SourceProxyData;
import org.facenas.records.CandidateResult;
import org.facenas.records.ZeroCostScores;
import org.facenas.records.proxy.ProxyOverrides;
import org.facenas.records.proxy.ProxySettings;
import org.facenas.records.proxy.ZeroCostScore;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.cost.CostModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Zero-cost scores of real networks on real faces (celeba112): finite, repeatable for a seed, and printed as promised. */
class ZeroCostScorerTest {

    static final Path CELEBA = SharedData.celeba112();
    static final String SMALL = "zc=zero-cost:inputSize=32:batchSize=16:trainIdentities=16:imagesPerIdentity=2";
    static final Architecture SE = Architecture.parse("stem_c16,ir_r1_k3_s2_e2_c24,ir_r1_k3_s2_e2_c32_se0.25,head_c64_gdc_emb32");
    static final Architecture NOSKIP = Architecture.parse("stem_c16,ir_r2_k5_s2_e4_c24_noskip,ir_r1_k3_s2_e2_c48,head_c64_gdc_emb32");
    static ProxySettings proxy;
    static SourceProxyData data;

    @BeforeAll
    static void load() {
        assertTrue(Files.isDirectory(CELEBA), "tests need ../shared/datasets/celeba112 beside the checkout");
        proxy = ProxyOverrides.parse(SMALL);
        data = SourceProxyData.load(CELEBA, CELEBA.resolve("peopleDevTrain.txt"), CELEBA.resolve("pairsDevTest.txt"), proxy);
    }

    @Test
    void everyScoreIsFiniteAndRepeatsForOneSeed() {
        CandidateResult a = EvaluatorBuilder.of(proxy, data).build().evaluate(SE, 3);
        CandidateResult again = EvaluatorBuilder.of(proxy, data).build().evaluate(SE, 3);
        CandidateResult other = EvaluatorBuilder.of(proxy, data).build().evaluate(SE, 4);
        assertEquals(CandidateResult.Status.OK, a.status(), a.failure());
        ZeroCostScores z = a.zeroCost();
        for (ZeroCostScore s : ZeroCostScore.values()) {
            assertTrue(z.value(s) != null && Double.isFinite(z.value(s)), s + " " + z.value(s));
            assertEquals(z.value(s), again.zeroCost().value(s), 0, s + " with the same seed");
        }
        assertTrue(z.gradNorm() > 0 && z.snip() > 0, "a margin loss at initialisation has a gradient");
        assertNotEquals(z.synflow(), other.zeroCost().synflow(), "another seed, another initialisation");
        assertEquals(CostModel.of(SE).params(), z.params());
        assertEquals(CostModel.of(SE).mflops(), z.mflops(), 1e-9);
        assertTrue(z.seconds() > 0 && z.seconds() == a.evalSeconds() && a.trainSeconds() == 0, "nothing trains");
        assertNull(a.accuracy(), "nothing is scored on pairs");
        assertEquals(ZeroCostScore.SYNFLOW, z.ranking());
        assertEquals(z.synflow(), z.rankingValue());
        // 16 images at 32 px: NASWOT's kernel is 16x16 and its log-determinant at most 16 ln(units)
        assertTrue(z.naswot() > 0, "distinct images give a non-singular kernel: " + z.naswot());
        // more layers and channels, more (and heavier) input-output paths
        CandidateResult deep = EvaluatorBuilder.of(proxy, data).build().evaluate(NOSKIP, 3);
        assertEquals(CandidateResult.Status.OK, deep.status(), deep.failure());
        assertTrue(deep.zeroCost().synflow() > z.synflow(), deep.zeroCost().synflow() + " vs " + z.synflow());
    }

    /**
     * Four stride-2 stages take a 32-px input to a 1x1 map, so the GDC head is a 1x1 depthwise convolution: ND4J fails
     * on it for a batch of one image (bench proxy's sample of mbf-space met this), which SynFlow's input of ones was.
     */
    @Test
    void synflowScoresANetworkWhoseHeadSeesAOneByOneMap() {
        Architecture toOne = Architecture.parse("stem_c16,ir_r1_k3_s2_e2_c24,ds_r1_k3_s2_c32_noskip,ds_r1_k3_s2_c32,ir_r1_k5_s2_e2_c48_se0.25,head_c64_gdc_emb32");
        CandidateResult r = EvaluatorBuilder.of(proxy, data).build().evaluate(toOne, 3);
        assertEquals(CandidateResult.Status.OK, r.status(), r.failure());
        assertTrue(Double.isFinite(r.zeroCost().synflow()), "synflow " + r.zeroCost().synflow());
    }

    @Test
    void evaluatePrintsOneJsonObjectOfTheScores() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = OneLineErrors.install(new CommandLine(new EvaluateCommand()));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("--arch", SE.blockString(), "--data", CELEBA.toString(), "--proxy", SMALL.replace("zc=", "zn=") + ":score=naswot",
                "--json");
        assertEquals(0, code, err.toString());
        JsonNode doc = new ObjectMapper().readTree(out.toString());
        for (String key : new String[] {"synflow", "naswot", "gradNorm", "snip", "jacobCov", "params", "mflops", "seconds"}) {
            assertTrue(doc.path(key).isNumber(), key + " in " + doc);
        }
        assertEquals("naswot", doc.path("ranking").asText());
        assertEquals(CostModel.of(SE).params(), doc.path("params").asLong());
    }

    @Test
    void onlyAZeroCostProxyTakesAScoreAndItDistilsNothing() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ProxyOverrides.parse("q=quick:score=naswot")).getMessage()
                .contains("zero-cost"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ProxyOverrides.parse("z=zero-cost:score=accuracy")).getMessage()
                .contains("synflow"));
        assertEquals("quick:in48,ep3,b32,lr0.002,wd5.0E-4,ids0,ipi0,ppf0,fliptrue,cosface(s32.0,m0.35)",
                ProxyOverrides.parse("quick:weightDecayRule=doubled").describe(),
                "a trained proxy's description (and so the keys in measurements/proxy) is unchanged by zero-cost proxies");
        StringWriter err = new StringWriter();
        CommandLine cli = OneLineErrors.install(new CommandLine(new EvaluateCommand()));
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("--arch", "mobilefacenet", "--data", CELEBA.toString(), "--proxy", "zero-cost", "--kd", "cosine"));
        assertTrue(err.toString().strip().lines().count() == 1 && err.toString().contains("distils nothing"), err.toString());
    }
}

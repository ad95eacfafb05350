package org.facenas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.facenas.records.CandidateResult;
import org.facenas.results.CandidateRecord;
import org.facenas.results.RunLog;
import org.facenas.results.RunRecord;
import org.facenas.results.report.HtmlReport;
import org.facenas.searchspace.cost.Cost;
import org.facenas.searchspace.cost.CostModel;
import org.facenas.searchspace.zoo.Zoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a run ranked on ROC AUC, opened in headless Chromium: every candidate with a measured AUC fold std gets
 * an error bar as tall as twice that std on the chart's own scale; one recorded before the std existed gets none.
 * The run record is written, not searched: what is checked is the drawing, which a search would only slow down.
 */
class AucReportRenderTest {

    @TempDir
    Path dir;

    /** An error bar: a two-point vertical path stroked in the bars' colour (the scatter's symbols are filled, not stroked). */
    private static final Pattern BAR = Pattern.compile("<path d=\"M(-?[0-9.]+) (-?[0-9.]+)L(-?[0-9.]+) (-?[0-9.]+)\"[^>]*stroke=\"#4a6fa5\"");

    private static CandidateResult result(String zoo, double auc, Double aucStd) {
        Cost c = CostModel.of(Zoo.get(zoo));
        return CandidateResult.builder().blockString(Zoo.get(zoo).blockString()).status(CandidateResult.Status.OK).proxy("screen")
                .seed(1).params(c.params()).macs(c.macs()).flops(c.flops()).mflops(c.mflops()).sizeBytes(c.sizeBytes())
                .accuracy(0.7).accuracyStd(0.01).rocAuc(auc).rocAucStd(aucStd).kd("none").build();
    }

    @Test
    void anAucRunDrawsTheAucFoldStdAsErrorBars() throws Exception {
        Files.writeString(dir.resolve(RunRecord.CONFIG), """
                name: auc-report
                data: /nonexistent/data
                populationSize: 2
                generations: 1
                objectives: [rocauc, mflops]
                """);
        Files.writeString(dir.resolve(RunRecord.CANDIDATES), "");
        // two verification sets on one candidate: the front table then has a column per set, each AUC +- its fold std
        CandidateResult ds = result("ds-face-k7", 0.78, 0.040);
        ds = ds.toBuilder().verification(List.of(
                new org.facenas.records.VerificationScore("pairsDevTest.txt", 3000, 0.7, 0.01, null, null, 0.78, 0.040, 0.6),
                new org.facenas.records.VerificationScore("cfp_fp.bin", 7000, 0.66, 0.02, null, null, 0.7123, 0.0321, 0.55))).build();
        List<CandidateResult> results = List.of(result("mobilefacenet", 0.84, 0.020), ds,
                result("iresnet-mini", 0.80, 0.010), result("mnas-face-se", 0.86, null));
        try (RunLog log = RunLog.open(dir)) {
            int g = 0;
            for (CandidateResult r : results) {
                log.append(new CandidateRecord(r, "auc-report", 1, 0, new int[] {g++}, "0@host", "t", "h"));
            }
        }
        Path html = dir.resolve("report.html");
        Files.writeString(html, HtmlReport.render(RunRecord.open(dir)));
        String dom = HeadlessChromium.dumpDom(html, dir);
        Matcher status = Pattern.compile("id=\"status\" data-charts=\"(\\d+)\" data-errors=\"(\\d+)\"").matcher(dom);
        assertTrue(status.find(), "no status element in the rendered page");
        assertEquals("0", status.group(2), "script errors: " + dom.substring(dom.indexOf("id=\"status\"")).lines().findFirst().orElse(""));

        String scatter = dom.substring(dom.indexOf("id=\"scatter\""), dom.indexOf("id=\"hypervolume\""));
        List<double[]> bars = new java.util.ArrayList<>();
        Matcher m = BAR.matcher(scatter);
        while (m.find()) {
            double x1 = Double.parseDouble(m.group(1));
            double x2 = Double.parseDouble(m.group(3));
            if (Math.abs(x1 - x2) < 1e-6) {
                bars.add(new double[] {x1, Math.abs(Double.parseDouble(m.group(2)) - Double.parseDouble(m.group(4)))});
            }
        }
        assertEquals(3, bars.size(), "one bar per candidate with a measured std (3 of 4): " + scatter);
        // inside the plot: the y axis spans the bars' ends, not only the scores
        Matcher grid = Pattern.compile("<path d=\"M([0-9.]+) ([0-9.]+)L([0-9.]+) ([0-9.]+)\" fill=\"none\" stroke=\"#E0E6F1\"").matcher(scatter);
        double top = Double.MAX_VALUE;
        double bottom = -Double.MAX_VALUE;
        while (grid.find()) {
            top = Math.min(top, Math.min(Double.parseDouble(grid.group(2)), Double.parseDouble(grid.group(4))));
            bottom = Math.max(bottom, Math.max(Double.parseDouble(grid.group(2)), Double.parseDouble(grid.group(4))));
        }
        Matcher ends = BAR.matcher(scatter);
        while (ends.find()) {
            for (String y : List.of(ends.group(2), ends.group(4))) {
                assertTrue(Double.parseDouble(y) >= top - 1 && Double.parseDouble(y) <= bottom + 1, "a bar ends at y " + y + ", off the plot "
                        + top + ".." + bottom);
            }
        }
        // pixel heights are 2 x std x the y scale: in the ratio of the stds, 0.020 : 0.040 : 0.010
        bars.sort((a, b) -> Double.compare(a[1], b[1]));
        assertEquals(2.0, bars.get(1)[1] / bars.get(0)[1], 0.05, "0.020 against 0.010");
        assertEquals(4.0, bars.get(2)[1] / bars.get(0)[1], 0.1, "0.040 against 0.010");
        assertTrue(dom.contains("Error bars: ROC AUC +- the std of the AUCs of the 10 folds")
                && dom.contains("candidates recorded before it was measured have none"), "the caption says what the bars are");
        assertTrue(dom.contains("0.7800 \u00b1 0.0400") && dom.contains("0.8600 \u00b1 n/a") && dom.contains("<th>cfp_fp.bin AUC</th>")
                && dom.contains("<td>0.7123 \u00b1 0.0321</td>"), "the front table shows AUC +- std, per set too: "
                + dom.substring(dom.indexOf("id=\"front\""), dom.indexOf("</table>", dom.indexOf("id=\"front\""))));
    }
}

package org.facenas.evaluator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.facenas.records.CandidateResult;
import org.facenas.records.ZeroCostScores;
import org.facenas.records.proxy.ZeroCostScore;

/** What {@code facenas evaluate} prints for a zero-cost proxy: one JSON object of the scores, or one line of them. */
final class ZeroCostOutput {

    private ZeroCostOutput() {
    }

    static void print(PrintWriter out, CandidateResult r, boolean json) throws java.io.IOException {
        ZeroCostScores z = r.zeroCost();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("blockString", r.blockString());
            doc.put("proxy", r.proxy());
            doc.put("seed", r.seed());
            doc.put("status", r.status());
            if (!r.ok()) {
                doc.put("failure", r.failure());
            }
            for (ZeroCostScore s : ZeroCostScore.values()) {
                doc.put(s.key(), z == null ? (s == ZeroCostScore.PARAMS ? r.params() : s == ZeroCostScore.MFLOPS ? r.mflops() : null)
                        : s == ZeroCostScore.PARAMS ? (Object) z.params() : z.value(s));
            }
            doc.put("seconds", z == null ? null : z.seconds());
            doc.put("ranking", z == null ? null : z.ranking());
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
            return;
        }
        out.printf(Locale.ROOT, "%s%n%s proxy=%s seed=%d%n", r.blockString(), r.status(), r.proxy(), r.seed());
        if (z == null) {
            out.println("failed: " + r.failure());
            return;
        }
        StringBuilder b = new StringBuilder();
        for (ZeroCostScore s : ZeroCostScore.values()) {
            Double v = z.value(s);
            b.append(String.format(Locale.ROOT, "%s %s  ", s.key(), v == null ? "n/a" : String.format(Locale.ROOT, "%.6g", v)));
        }
        out.printf(Locale.ROOT, "%s%nranks by %s; %.2f s at initialisation (data loading not counted)%n", b.toString().strip(),
                z.ranking(), z.seconds());
    }
}

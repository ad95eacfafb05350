package org.facenas.records;

import org.facenas.records.proxy.ZeroCostScore;
/**
 * One architecture's zero-cost scores at initialisation (Abdelfattah et al., ICLR 2021; Mellor et al., ICML 2021),
 * each null where it was not finite, with the analytical costs as baselines. Field names are the JSON contract of
 * {@code facenas evaluate --proxy zero-cost --json}.
 *
 * @param synflow  natural log of SynFlow's saliency sum (the sum itself spans hundreds of orders of magnitude)
 * @param naswot   log-determinant of the activation-code kernel (NASWOT)
 * @param gradNorm sum over conv and linear layers of the L2 norm of the loss gradient of their weights
 * @param snip     sum of |gradient x weight| over conv and linear weights (SNIP's saliency)
 * @param jacobCov the input Jacobians' correlation score of Mellor et al. (v1)
 * @param params   parameters of the deployed embedder (cost model)
 * @param mflops   MFLOPs of the deployed 112x112 embedder (cost model)
 * @param seconds  time spent computing the scores (networks built, passes run), not loading the data
 * @param ranking  the score this proxy ranks architectures by
 */
public record ZeroCostScores(Double synflow, Double naswot, Double gradNorm, Double snip, Double jacobCov, long params,
                             double mflops, double seconds, ZeroCostScore ranking) implements java.io.Serializable {

    /** The value of one score (null where it was not finite). */
    public Double value(ZeroCostScore score) {
        return switch (score) {
            case SYNFLOW -> synflow;
            case NASWOT -> naswot;
            case GRAD_NORM -> gradNorm;
            case SNIP -> snip;
            case JACOB_COV -> jacobCov;
            case PARAMS -> (double) params;
            case MFLOPS -> mflops;
        };
    }

    /** The ranking score's value, or null. */
    public Double rankingValue() {
        return value(ranking);
    }

    /** A finite value as itself, anything else as null (JSON has no NaN or infinity). */
    public static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}

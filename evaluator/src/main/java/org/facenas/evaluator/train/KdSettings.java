package org.facenas.evaluator.train;

import java.util.Locale;

/**
 * Knowledge distillation for a proxy training.
 *
 * @param kind   POCKETNET: lambda x MSE between the L2-normalised student embedding (linearly projected to the
 *               teacher's size when the sizes differ) and the L2-normalised teacher embedding, averaged over batch
 *               and dimensions (PocketNet); SIMILARITY: lambda x MSE between the in-batch cosine-similarity
 *               matrices of student and teacher (dimension-free, no projection)
 * @param lambda weight of the KD term against the margin-softmax loss
 */
public record KdSettings(Kind kind, double lambda) implements java.io.Serializable {

    public enum Kind { POCKETNET, SIMILARITY }

    public KdSettings {
        if (!(lambda > 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("KD lambda must be positive, got " + lambda);
        }
    }

    /** none, pocketnet or similarity; null for none. */
    public static KdSettings parse(String kind, Double lambda) {
        String k = kind == null ? "none" : kind.toLowerCase(Locale.ROOT);
        return switch (k) {
            case "none" -> null;
            case "pocketnet" -> new KdSettings(Kind.POCKETNET, lambda == null || lambda.isNaN() ? defaultLambda(Kind.POCKETNET) : lambda);
            case "similarity" -> new KdSettings(Kind.SIMILARITY, lambda == null || lambda.isNaN() ? defaultLambda(Kind.SIMILARITY) : lambda);
            default -> throw new IllegalArgumentException("unknown KD '" + kind + "': use none, pocketnet or similarity");
        };
    }

    /** Defaults chosen by measurement (README, distillation section). */
    public static double defaultLambda(Kind kind) {
        return kind == Kind.POCKETNET ? 1000 : 100;
    }

    public String describe() {
        return kind.name().toLowerCase(Locale.ROOT) + "(lambda=" + lambda + ")";
    }
}

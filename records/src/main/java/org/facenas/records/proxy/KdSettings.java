package org.facenas.records.proxy;

import java.util.Locale;

/**
 * Knowledge distillation for a proxy training.
 *
 * @param kind     POCKETNET: lambda x MSE between the L2-normalised student embedding (linearly projected to the
 *                 teacher's size when the sizes differ) and the L2-normalised teacher embedding, averaged over batch
 *                 and dimensions (PocketNet), i.e. lambda x (2 - 2cos) / 512; COSINE: lambda x (1 - cos) of the same
 *                 two vectors per example, on the margin loss's per-example scale; SIMILARITY: lambda x MSE between
 *                 the in-batch cosine-similarity matrices of student and teacher (dimension-free, no projection)
 * @param lambda   weight of the KD term against the margin-softmax loss
 * @param warmup   fraction of the training steps (0..0.9) at the start that learn from the teacher alone (the margin
 *                 head's labels are zero, so its loss and gradient are zero); the run's step count is unchanged
 * @param headInit when the margin loss starts, each identity's class weight is set to the teacher's mean embedding
 *                 of that identity's training images, taken back through the KD projection P (W = P t) when the
 *                 student is narrower than the teacher: then x.W_c = (xP).t_c, the projected student's agreement
 *                 with the teacher's identity centre. Not for SIMILARITY, whose student lives in no teacher space
 * @param extra    KD-only images per step (0: none): each step's batch also carries this many images drawn (seeded,
 *                 without replacement per pass over them, mirrored at random with the mirror's teacher embedding)
 *                 from every training image of the training identities the teacher cache covers, not only the
 *                 proxy's subset, never a scoring identity's. Their margin labels are all zero, so the margin loss
 *                 and its gradient get nothing from them (the margin loss is the mean over the labelled rows) and
 *                 only KD learns from them: the teacher can label any face, and a subset proxy (screen: 32 of 222
 *                 identities) otherwise shows KD only the few images the margin loss sees. The step count does not
 *                 change. Needs one teacher (a trajectory's checkpoints embed only the proxy's own images)
 * @param decay    the KD weight falls linearly from lambda (at the end of the warm-up) to 0 (at the run's end):
 *                 lambda x (T - s) / (T - w) at step s of T after w warm-up steps, lambda during the warm-up. Linear,
 *                 as the run's learning rate falls: the teacher guides the start and the labels finish the run
 */
public record KdSettings(Kind kind, double lambda, double warmup, boolean headInit, int extra, boolean decay)
        implements java.io.Serializable {

    public enum Kind { POCKETNET, COSINE, SIMILARITY }

    /**
     * What {@code --kd default} and the shipped configs use: chosen by measurement (BENCHMARKS.md, KD; docs/distillation.md):
     * at the quick proxy weight 30 gained +2.0 points [+0.9, +3.2] over no KD where weight 10 gained +1.1, at screen
     * +1.1 where weight 10 gained +0.6. A weight in the spec ({@code default@10}) or a config's teacher.lambda replaces the 30.
     */
    public static final String DEFAULT = "cosine+warmup=0.3+head@30";

    /** The most KD-only images a step may carry: a few batches' worth, far beyond what a proxy step affords. */
    public static final int MAX_EXTRA = 4096;

    public KdSettings {
        if (extra < 0 || extra > MAX_EXTRA) {
            throw new IllegalArgumentException("KD extra images per step must be 0.." + MAX_EXTRA + ", got " + extra);
        }
        if (!(lambda > 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("KD lambda must be positive, got " + lambda);
        }
        if (!(warmup >= 0 && warmup <= 0.9)) {
            throw new IllegalArgumentException("KD warm-up must be a fraction of the steps in 0..0.9, got " + warmup);
        }
        if (headInit && kind == Kind.SIMILARITY) {
            throw new IllegalArgumentException("KD head initialisation needs pocketnet or cosine KD: similarity KD has no "
                    + "student-to-teacher projection to carry the teacher's identity centres into the student's space");
        }
    }

    public KdSettings(Kind kind, double lambda) {
        this(kind, lambda, 0, false);
    }

    public KdSettings(Kind kind, double lambda, double warmup, boolean headInit) {
        this(kind, lambda, warmup, headInit, 0, false);
    }

    /**
     * none, default[@LAMBDA] (the measured default, at its weight or LAMBDA), or KIND[+warmup=F][+head][+extra=K][+decay][@LAMBDA]
     * with KIND pocketnet, cosine or similarity; null for none. The weight: @LAMBDA, else {@code lambda}, else (null or NaN) the kind's default.
     */
    public static KdSettings parse(String spec, Double lambda) {
        String s = spec == null ? "none" : spec.toLowerCase(Locale.ROOT).trim();
        if (s.equals("default")) {
            s = lambda == null || lambda.isNaN() ? DEFAULT : DEFAULT.substring(0, DEFAULT.indexOf('@'));
        }
        if (s.equals("none")) {
            return null;
        }
        int at = s.indexOf('@');
        if (at >= 0) {
            // the weight may follow the kind or any option: cosine@10+warmup=0.3 or cosine+warmup=0.3@10
            int end = s.indexOf('+', at);
            String weight = s.substring(at + 1, end < 0 ? s.length() : end);
            try {
                lambda = Double.parseDouble(weight);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("KD '" + spec + "': the weight after @ must be a number, e.g. cosine@10");
            }
            s = s.substring(0, at) + (end < 0 ? "" : s.substring(end));
        }
        if (s.equals("default") || s.startsWith("default+")) {
            // default@20: the measured default's options at another weight
            s = DEFAULT.substring(0, DEFAULT.indexOf('@')) + s.substring("default".length());
            if (lambda == null || lambda.isNaN()) {
                lambda = Double.parseDouble(DEFAULT.substring(DEFAULT.indexOf('@') + 1));
            }
        }
        String[] parts = s.split("\\+");
        Kind kind = switch (parts[0]) {
            case "pocketnet" -> Kind.POCKETNET;
            case "cosine" -> Kind.COSINE;
            case "similarity" -> Kind.SIMILARITY;
            default -> throw new IllegalArgumentException("unknown KD '" + spec
                    + "': use none, default, or pocketnet|cosine|similarity[+warmup=FRACTION][+head][+extra=IMAGES][+decay]");
        };
        double warmup = 0;
        boolean head = false;
        int extra = 0;
        boolean decay = false;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i];
            if (p.equals("head")) {
                head = true;
            } else if (p.startsWith("warmup=")) {
                try {
                    warmup = Double.parseDouble(p.substring("warmup=".length()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("KD '" + spec + "': warmup needs a fraction of the steps, e.g. warmup=0.3");
                }
            } else if (p.startsWith("extra=")) {
                try {
                    extra = Integer.parseInt(p.substring("extra=".length()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("KD '" + spec + "': extra needs a whole number of KD-only images per step, e.g. extra=32");
                }
            } else if (p.equals("decay")) {
                decay = true;
            } else {
                throw new IllegalArgumentException("KD '" + spec + "': unknown option '" + p
                        + "' (use warmup=FRACTION, head, extra=IMAGES or decay)");
            }
        }
        double l = lambda == null || lambda.isNaN() ? defaultLambda(kind) : lambda;
        return new KdSettings(kind, l, warmup, head, extra, decay);
    }

    /** Each kind's weight when a spec gives none (docs/distillation.md); {@link #DEFAULT} carries its own @30. */
    public static double defaultLambda(Kind kind) {
        return switch (kind) {
            case POCKETNET -> 1000;
            case COSINE -> 10;
            case SIMILARITY -> 100;
        };
    }

    /** Steps of a run of {@code totalSteps} that learn from the teacher alone. */
    public int warmupSteps(int totalSteps) {
        return (int) Math.round(warmup * totalSteps);
    }

    /**
     * The KD weight at step {@code step} (0-based) of a run of {@code totalSteps}: lambda, or with {@link #decay}
     * lambda during the warm-up and then lambda x (T - s) / (T - w).
     */
    public double weightAt(int step, int totalSteps) {
        int w = warmupSteps(totalSteps);
        if (!decay || step < w) {
            return lambda;
        }
        return lambda * Math.max(0, totalSteps - step) / Math.max(1, totalSteps - w);
    }

    /** The spec {@link #parse} reads back, with the weight: e.g. "cosine+warmup=0.3+head(lambda=10.0)". */
    public String describe() {
        return options() + "(lambda=" + lambda + ")";
    }

    /** The spec with its weight, as {@link #parse} reads it back: e.g. "cosine+warmup=0.3+head@10.0". */
    public String spec() {
        return options() + "@" + lambda;
    }

    private String options() {
        return kind.name().toLowerCase(Locale.ROOT) + (warmup > 0 ? "+warmup=" + warmup : "") + (headInit ? "+head" : "")
                + (extra > 0 ? "+extra=" + extra : "") + (decay ? "+decay" : "");
    }

    /** The one refusal of {@code +extra} with a trajectory, wherever it is caught (commands prefix their option). */
    public static final String EXTRA_NEEDS_ONE_TEACHER =
            "KD +extra needs one teacher: a trajectory's checkpoints embed only the proxy's own images (drop +extra)";

    /** Refuses {@code +extra} with a trajectory ({@link #EXTRA_NEEDS_ONE_TEACHER}). */
    public static void requireOneTeacherForExtra(KdSettings kd, boolean trajectory) {
        if (trajectory && kd != null && kd.extra() > 0) {
            throw new IllegalArgumentException(EXTRA_NEEDS_ONE_TEACHER);
        }
    }
}

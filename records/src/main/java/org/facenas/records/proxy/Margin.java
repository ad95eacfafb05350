package org.facenas.records.proxy;

import java.util.Locale;

/**
 * The margin a margin-softmax head trains with: ArcFace (target logit s*cos(theta + m)) or CosFace
 * (s*(cos(theta) - m)), its scale s and its margin m.
 *
 * @param scale the logit scale s (papers use 16 to 64)
 * @param m     ArcFace's additive angular margin (radians) or CosFace's additive cosine margin
 */
public record Margin(Kind kind, double scale, double m) implements java.io.Serializable {

    /** The largest scale accepted: s multiplies cosines inside a float softmax, and far beyond 64 the logits overflow. */
    public static final double MAX_SCALE = 1000;

    public enum Kind {
        ARCFACE(0.5), COSFACE(0.35);

        /** The margin the papers use (ArcFace m = 0.5, CosFace m = 0.35). */
        public final double defaultMargin;

        Kind(double defaultMargin) {
            this.defaultMargin = defaultMargin;
        }

        public static Kind parse(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown margin '" + name + "': use arcface or cosface");
            }
        }
    }

    public Margin {
        if (kind == null) {
            throw new IllegalArgumentException("margin kind is required (arcface or cosface)");
        }
        if (!(scale > 0 && scale <= MAX_SCALE)) {
            throw new IllegalArgumentException("margin scale s=" + scale + " is out of range (0, " + (int) MAX_SCALE
                    + "]: ArcFace and CosFace use 16 to 64");
        }
        if (!(m >= 0 && m < Math.PI / 2)) {
            throw new IllegalArgumentException("margin m=" + m + " is out of range [0, pi/2)");
        }
    }

    /** ArcFace at scale s with the paper's m = 0.5. */
    public static Margin arcFace(double scale) {
        return new Margin(Kind.ARCFACE, scale, Kind.ARCFACE.defaultMargin);
    }

    /** CosFace at scale s with the paper's m = 0.35. */
    public static Margin cosFace(double scale) {
        return new Margin(Kind.COSFACE, scale, Kind.COSFACE.defaultMargin);
    }

    /** {@code kind} at scale s with its paper's margin. */
    public static Margin of(Kind kind, double scale) {
        return new Margin(kind, scale, kind.defaultMargin);
    }

    public Margin withScale(double newScale) {
        return new Margin(kind, newScale, m);
    }

    /** e.g. {@code cosface(s32.0,m0.35)}, part of a proxy's description. */
    public String describe() {
        return kind.name().toLowerCase(Locale.ROOT) + "(s" + scale + ",m" + m + ")";
    }
}

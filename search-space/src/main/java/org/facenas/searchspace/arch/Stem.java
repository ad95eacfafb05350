package org.facenas.searchspace.arch;

/**
 * MobileFaceNet's stem: conv3x3 stride 2 (3 to {@code channels}) + BN + PReLU, then a grouped 3x3
 * conv + BN + PReLU with {@code groups} groups ({@code groups == channels} is depthwise; insightface's
 * mbf uses 64 groups of 2 channels).
 */
public record Stem(int channels, int groups) {
    public Stem {
        if (channels < 1 || channels > 4096) {
            throw new IllegalArgumentException("stem width " + channels + " is out of range 1..4096");
        }
        if (groups < 1 || channels % groups != 0) {
            throw new IllegalArgumentException("stem groups " + groups + " must divide the stem width " + channels);
        }
    }

    public static Stem depthwise(int channels) {
        return new Stem(channels, channels);
    }

    /** Reads a stem token, e.g. {@code stem_c64} (the block string's first token). */
    public static Stem parse(String token) {
        return BlockStringParser.parseStem(token);
    }

    public String blockString() {
        return "stem_c" + channels + (groups == channels ? "" : "_g" + groups);
    }
}

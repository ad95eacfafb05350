package org.facenas.searchspace.arch;

import java.math.BigDecimal;

/**
 * One stage: {@code repeats} blocks of one type; the first block has the stage's stride, the rest stride 1.
 * The skip connection is used where it can be (stride 1 and equal widths) unless {@code skip} is false.
 *
 * @param expansion hidden width = input width x expansion (IR blocks only; 1 for DS and RES)
 * @param seRatio   squeeze-excitation bottleneck = round(block input width x ratio), 0 = no SE (IR blocks only)
 */
public record Stage(BlockType type, int repeats, int kernel, int stride, int expansion, int channels,
                    double seRatio, boolean skip) {

    public Stage {
        if (type == null) {
            throw new IllegalArgumentException("stage block type is missing");
        }
        if (repeats < 1 || repeats > 16) {
            throw new IllegalArgumentException("repeats " + repeats + " is out of range 1..16");
        }
        if (kernel != 3 && kernel != 5 && kernel != 7) {
            throw new IllegalArgumentException("kernel " + kernel + " is not one of 3, 5, 7");
        }
        if (stride != 1 && stride != 2) {
            throw new IllegalArgumentException("stride " + stride + " is not 1 or 2");
        }
        if (channels < 1 || channels > 4096) {
            throw new IllegalArgumentException("width " + channels + " is out of range 1..4096");
        }
        if (type == BlockType.IR) {
            if (expansion < 1 || expansion > 8) {
                throw new IllegalArgumentException("expansion " + expansion + " is out of range 1..8");
            }
            if (!(seRatio >= 0 && seRatio <= 1)) {
                throw new IllegalArgumentException("SE ratio " + seRatio + " is out of range 0..1");
            }
        } else {
            if (expansion != 1) {
                throw new IllegalArgumentException("expansion does not apply to " + type.token() + " blocks");
            }
            if (seRatio != 0) {
                throw new IllegalArgumentException("SE applies to ir blocks only, not " + type.token());
            }
        }
    }

    public static Stage ir(int repeats, int kernel, int stride, int expansion, int channels) {
        return new Stage(BlockType.IR, repeats, kernel, stride, expansion, channels, 0, true);
    }

    public Stage withSe(double ratio) {
        return new Stage(type, repeats, kernel, stride, expansion, channels, ratio, skip);
    }

    public Stage withSkip(boolean useSkip) {
        return new Stage(type, repeats, kernel, stride, expansion, channels, seRatio, useSkip);
    }

    /** Canonical block string, e.g. {@code ir_r2_k3_s2_e6_c24_se0.25}. */
    public String blockString() {
        StringBuilder s = new StringBuilder(type.token())
                .append("_r").append(repeats).append("_k").append(kernel).append("_s").append(stride);
        if (type == BlockType.IR) {
            s.append("_e").append(expansion);
        }
        s.append("_c").append(channels);
        if (seRatio > 0) {
            s.append("_se").append(formatRatio(seRatio));
        }
        if (!skip) {
            s.append("_noskip");
        }
        return s.toString();
    }

    static String formatRatio(double ratio) {
        return BigDecimal.valueOf(ratio).stripTrailingZeros().toPlainString();
    }
}

package org.facenas.searchspace.codec;

/** The genes of one stage, in genotype order; the head's three genes follow the last stage. */
enum Gene {
    TYPE, KERNEL, EXPANSION, WIDTH, REPEATS, STRIDE, SE, SKIP;

    static final int PER_STAGE = values().length;
    static final int HEAD_GENES = 3;
}

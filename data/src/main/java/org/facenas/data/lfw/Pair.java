package org.facenas.data.lfw;

/**
 * One verification pair of an LFW pairs file; image numbers are 1-based as in LFW.
 *
 * @param fold   0-based fold index the pair belongs to
 * @param name1  first identity
 * @param n1     image number of the first identity
 * @param name2  second identity (equal to {@code name1} for a same pair)
 * @param n2     image number of the second identity
 */
public record Pair(int fold, String name1, int n1, String name2, int n2) {

    public Pair {
        if (n1 < 1 || n2 < 1) {
            throw new IllegalArgumentException("LFW image numbers start at 1, got " + n1 + " and " + n2);
        }
    }

    /** A same-identity pair. */
    public static Pair same(int fold, String name, int n1, int n2) {
        return new Pair(fold, name, n1, name, n2);
    }

    /** A different-identity pair. */
    public static Pair different(int fold, String name1, int n1, String name2, int n2) {
        return new Pair(fold, name1, n1, name2, n2);
    }

    /** The same pair assigned to another fold. */
    public Pair withFold(int newFold) {
        return new Pair(newFold, name1, n1, name2, n2);
    }

    /** True for a same-identity (positive) pair. */
    public boolean isSame() {
        return name1.equals(name2);
    }
}

package org.facenas.search.bench;

/**
 * The scores of one evaluation a proxy benchmark ranks architectures by (all: higher is better): a trained proxy's
 * verification and teacher scores, a zero-cost proxy's scores at initialisation, and the cost model's params and MFLOPs
 * (every record has them: the baselines a cheap score must beat).
 */
public enum BenchScore {
    ACCURACY("accuracy", "accuracy"),
    ROC_AUC("rocAuc", "ROC AUC"),
    TAR_AT_FAR_1E3("tarAtFar1e3", "TAR@FAR=1e-3"),
    /** Cosine to the teacher on the scoring pairs' images (identities never trained on); KD runs only. */
    HELD_OUT_TEACHER_COSINE("heldOutTeacherCosine", "teacher cos (held-out)"),
    /** Cosine to the teacher on training images; KD runs only. */
    TRAIN_TEACHER_COSINE("studentTeacherCosine", "teacher cos (train)"),
    SYNFLOW("zeroCost.synflow", "synflow"),
    NASWOT("zeroCost.naswot", "naswot"),
    GRAD_NORM("zeroCost.gradNorm", "gradNorm"),
    SNIP("zeroCost.snip", "snip"),
    JACOB_COV("zeroCost.jacobCov", "jacobCov"),
    PARAMS("params", "params"),
    MFLOPS("mflops", "MFLOPs");

    private final String field;
    private final String label;

    BenchScore(String field, String label) {
        this.field = field;
        this.label = label;
    }

    /** The result field it is read from ({@code a.b}: field b of object a). */
    public String field() {
        return field;
    }

    /** A score of a trained proxy (what cheap scores are measured against). */
    public boolean trained() {
        return ordinal() <= TRAIN_TEACHER_COSINE.ordinal();
    }

    /** A score read at initialisation by a zero-cost proxy. */
    public boolean zeroCost() {
        return field.startsWith("zeroCost.");
    }

    /** An analytical cost: the same for every seed and proxy, so it has no seed-to-seed agreement to measure. */
    public boolean cost() {
        return this == PARAMS || this == MFLOPS;
    }

    public String label() {
        return label;
    }
}

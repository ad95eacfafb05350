package org.facenas.search.bench;

/** The scores of one evaluation a proxy benchmark ranks architectures by (all: higher is better). */
public enum BenchScore {
    ACCURACY("accuracy", "accuracy"),
    ROC_AUC("rocAuc", "ROC AUC"),
    TAR_AT_FAR_1E3("tarAtFar1e3", "TAR@FAR=1e-3"),
    /** Cosine to the teacher on the scoring pairs' images (identities never trained on); KD runs only. */
    HELD_OUT_TEACHER_COSINE("heldOutTeacherCosine", "teacher cos (held-out)"),
    /** Cosine to the teacher on training images; KD runs only. */
    TRAIN_TEACHER_COSINE("studentTeacherCosine", "teacher cos (train)");

    private final String field;
    private final String label;

    BenchScore(String field, String label) {
        this.field = field;
        this.label = label;
    }

    /** The result field it is read from. */
    public String field() {
        return field;
    }

    public String label() {
        return label;
    }
}

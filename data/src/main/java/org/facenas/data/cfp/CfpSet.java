package org.facenas.data.cfp;

/** The two CFP verification protocols; the second image of an FP pair is a profile. */
public enum CfpSet {
    FF("FF", CfpView.FRONTAL, "cfp_ff"),
    FP("FP", CfpView.PROFILE, "cfp_fp");

    private final String splitFolder;
    private final CfpView secondView;
    private final String stem;

    CfpSet(String splitFolder, CfpView secondView, String stem) {
        this.splitFolder = splitFolder;
        this.secondView = secondView;
        this.stem = stem;
    }

    /** Folder under {@code Protocol/Split/}. */
    public String splitFolder() {
        return splitFolder;
    }

    /** View of a pair's second image (the first is always frontal). */
    public CfpView secondView() {
        return secondView;
    }

    /** InsightFace's file name: {@code cfp_ff.bin} / {@code cfp_fp.bin}. */
    public String binName() {
        return stem + ".bin";
    }

    /** The pair listing written beside the .bin. */
    public String pairsName() {
        return stem + "_pairs.tsv";
    }
}

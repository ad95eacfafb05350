package org.facenas.data.cfp;

/** The two kinds of CFP photo; the name is the folder under {@code Data/Images/NNN/}. */
public enum CfpView {
    FRONTAL("frontal", "Pair_list_F.txt"),
    PROFILE("profile", "Pair_list_P.txt");

    private final String folder;
    private final String pairList;

    CfpView(String folder, String pairList) {
        this.folder = folder;
        this.pairList = pairList;
    }

    /** Folder name under an identity's folder. */
    public String folder() {
        return folder;
    }

    /** The protocol file numbering the photos of this view. */
    public String pairList() {
        return pairList;
    }
}

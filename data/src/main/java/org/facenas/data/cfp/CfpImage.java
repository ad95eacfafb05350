package org.facenas.data.cfp;

import java.nio.file.Path;

/**
 * One CFP photo as the protocol numbers it.
 *
 * @param view      frontal or profile
 * @param number    1-based number in the view's pair list
 * @param relative  path under the dataset root, e.g. {@code Data/Images/001/frontal/01.jpg}
 * @param identity  the identity folder, e.g. {@code 001}
 */
public record CfpImage(CfpView view, int number, String relative, String identity) {

    /** The photo. */
    public Path image(Path root) {
        return root.resolve(relative);
    }

    /** Its fiducials file: {@code Data/Fiducials/NNN/view/MM.txt}. */
    public Path fiducials(Path root) {
        String rel = relative.replaceFirst("^Data/Images/", "Data/Fiducials/");
        return root.resolve(rel.substring(0, rel.lastIndexOf('.')) + ".txt");
    }
}

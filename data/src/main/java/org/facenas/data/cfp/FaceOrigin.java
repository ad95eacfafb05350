package org.facenas.data.cfp;

/** Where the five alignment points of an imported face came from; counted in the import's summary. */
public enum FaceOrigin {
    /** The face detector and 68-point landmark model, agreeing with the dataset's own landmarks. */
    DETECTOR,
    /** The dataset's landmarks: the detector found no face. */
    LANDMARKS_NO_FACE,
    /** The dataset's landmarks: the detector's best face scored below the minimum score. */
    LANDMARKS_LOW_SCORE,
    /** The dataset's landmarks: the detector's eye or nose was far from the dataset's (it landmarked another face or failed). */
    LANDMARKS_DISAGREE,
    /** The dataset's landmarks: the detector was not used ({@code --no-detector}). */
    LANDMARKS_ONLY,
    /** Not aligned: the photo or its landmarks could not be read; the import fails naming it. */
    FAILED;

    /** Whether the dataset's landmarks gave the points. */
    public boolean fromLandmarks() {
        return this != DETECTOR && this != FAILED;
    }
}

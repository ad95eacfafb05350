package org.facenas.data.align;

/** Which face to keep when a photo shows several. */
public enum FaceChoice {
    /** Highest detector score: right for dataset photos of one subject. */
    MOST_CONFIDENT,
    /** Box centre closest to the image centre: right for photos cropped around the subject with bystanders. */
    MOST_CENTRAL
}

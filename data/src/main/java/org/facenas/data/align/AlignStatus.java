package org.facenas.data.align;

/** What happened to one photo during alignment; written to the report. */
public enum AlignStatus {
    /** A face was found, landmarked and warped. */
    ALIGNED,
    /** The detector found no candidate face at all. */
    NO_FACE,
    /** The best face scored below the minimum score. */
    LOW_SCORE,
    /** The file could not be decoded. */
    UNREADABLE
}

package org.facenas.data.recordio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * MXNet's image-record header ({@code mx.recordio.IRHeader}, packed as struct {@code 'IfQQ'}, little-endian):
 * uint32 flag, float32 label, uint64 id, uint64 id2, then {@code flag} float32 labels when flag &gt; 0, then the
 * payload (the encoded image). With flag &gt; 0 the scalar label is written as 0 and {@link #labels()} holds the
 * values; with flag 0 {@link #labels()} is the one scalar label.
 *
 * @param flag   number of extra float labels (0: the scalar label is the label)
 * @param labels the label values (length 1 when flag is 0, else {@code flag})
 * @param id     record id (InsightFace writes the record index)
 * @param id2    second id (unused by InsightFace, 0)
 */
public record IrHeader(int flag, float[] labels, long id, long id2) {

    /** Bytes of the fixed part. */
    public static final int FIXED_BYTES = 24;

    public IrHeader {
        labels = labels.clone();
        if (flag < 0) {
            throw new IllegalArgumentException("IRHeader flag must not be negative, got " + flag);
        }
        if (flag == 0 ? labels.length != 1 : labels.length != flag) {
            throw new IllegalArgumentException("IRHeader with flag " + flag + " needs " + Math.max(1, flag)
                    + " labels, got " + labels.length);
        }
    }

    /** A header with one scalar label (flag 0), as InsightFace writes for an image. */
    public static IrHeader scalar(float label, long id) {
        return new IrHeader(0, new float[] {label}, id, 0);
    }

    /** A header with extra float labels (flag = their count), as InsightFace writes for record 0 and identities. */
    public static IrHeader multi(long id, float... labels) {
        if (labels.length == 0) {
            throw new IllegalArgumentException("a multi-label IRHeader needs at least one label");
        }
        return new IrHeader(labels.length, labels, id, 0);
    }

    /** The first label (the class of an image record). */
    public float label() {
        return labels[0];
    }

    @Override
    public float[] labels() {
        return labels.clone();
    }

    /** Bytes this header takes in a record. */
    public int byteSize() {
        return FIXED_BYTES + 4 * flag;
    }

    /** The record payload: this header followed by {@code body}. */
    public byte[] pack(byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(byteSize() + body.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(flag).putFloat(flag == 0 ? labels[0] : 0f).putLong(id).putLong(id2);
        if (flag > 0) {
            for (float v : labels) {
                b.putFloat(v);
            }
        }
        return b.put(body).array();
    }

    /**
     * Reads the header at the start of a record payload.
     *
     * @param where names the file and record for the error message
     * @throws RecordIoFormatException when the payload is shorter than the header it announces
     */
    public static IrHeader unpack(byte[] payload, String where) {
        if (payload.length < FIXED_BYTES) {
            throw new RecordIoFormatException(where + ": record of " + payload.length
                    + " bytes is shorter than an IRHeader (24 bytes); the file is not an image RecordIO");
        }
        ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        long flag = Integer.toUnsignedLong(b.getInt());
        float scalar = b.getFloat();
        long id = b.getLong();
        long id2 = b.getLong();
        if (flag > (payload.length - FIXED_BYTES) / 4) {
            throw new RecordIoFormatException(where + ": IRHeader announces " + flag + " labels but the record holds "
                    + (payload.length - FIXED_BYTES) + " bytes after the header; the record is truncated or not an image record");
        }
        if (flag == 0) {
            return new IrHeader(0, new float[] {scalar}, id, id2);
        }
        float[] labels = new float[(int) flag];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = b.getFloat();
        }
        return new IrHeader((int) flag, labels, id, id2);
    }

    /** The payload after the header (the encoded image). */
    public byte[] body(byte[] payload) {
        return Arrays.copyOfRange(payload, byteSize(), payload.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IrHeader h && h.flag == flag && h.id == id && h.id2 == id2 && Arrays.equals(h.labels, labels);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(labels) * 31 + Long.hashCode(id) + flag;
    }

    @Override
    public String toString() {
        return "IrHeader[flag=" + flag + ", labels=" + Arrays.toString(labels) + ", id=" + id + ", id2=" + id2 + "]";
    }
}

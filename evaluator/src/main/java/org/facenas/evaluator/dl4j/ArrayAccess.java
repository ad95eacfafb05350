package org.facenas.evaluator.dl4j;

import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Bulk reads and writes of a contiguous array's native memory. */
record ArrayAccess(FloatBuffer floats, DoubleBuffer doubles, long offset) {
    /** Access to an array a pass over {@code l} reads or writes: of its data type and size. */
    static ArrayAccess of(INDArray arr, ChannelPasses.Layout l) {
        if (arr.dataType() != l.type() || arr.length() != l.count()) {
            throw new IllegalArgumentException("a channel pass over " + l + " got a " + arr.dataType() + " array of "
                    + arr.length() + " values");
        }
        if (!ChannelPasses.isContiguous(arr)) {
            throw new IllegalArgumentException("a channel pass needs contiguous c-order arrays (ChannelPasses.contiguous), got "
                    + arr.shapeInfoToString().replace('\n', ' '));
        }
        return of(arr);
    }

    static ArrayAccess of(INDArray arr) {
        var bytes = arr.data().asNio().order(ByteOrder.nativeOrder());
        long end = arr.offset() + arr.length();
        ArrayAccess access = arr.dataType() == DataType.FLOAT
                ? new ArrayAccess(bytes.asFloatBuffer(), null, arr.offset())
                : new ArrayAccess(null, bytes.asDoubleBuffer(), arr.offset());
        long capacity = access.floats != null ? access.floats.capacity() : access.doubles.capacity();
        if (capacity < end) {
            throw new IllegalStateException("ND4J buffer of " + capacity + " elements is shorter than the array it holds ("
                    + end + "); cannot run a channel pass over it");
        }
        return access;
    }

    boolean isFloat() {
        return floats != null;
    }

    void read(long start, int len, float[] into) {
        floats.get((int) (offset + start), into, 0, len);
    }

    void read(long start, int len, double[] into) {
        doubles.get((int) (offset + start), into, 0, len);
    }

    void write(long start, int len, float[] from) {
        floats.put((int) (offset + start), from, 0, len);
    }

    void write(long start, int len, double[] from) {
        doubles.put((int) (offset + start), from, 0, len);
    }

    void readDoubles(long start, int len, double[] into) {
        if (floats != null) {
            for (int i = 0; i < len; i++) {
                into[i] = floats.get((int) (offset + start) + i);
            }
        } else {
            read(start, len, into);
        }
    }

    void writeDoubles(long start, int len, double[] from) {
        if (floats != null) {
            for (int i = 0; i < len; i++) {
                floats.put((int) (offset + start) + i, (float) from[i]);
            }
        } else {
            write(start, len, from);
        }
    }
}

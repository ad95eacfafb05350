package org.facenas.evaluator.dl4j;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Passes over activations [N,C,H,W] (or [N,C]) that apply or reduce one value per channel, each a single
 * contiguous sweep. Why: ND4J does the same work as per-channel reductions over dimensions (0,2,3) and broadcasts
 * along dimension 1, whose tensors-along-dimension are strided; the profile (bench train --profile) put batch norm
 * and PReLU built that way at 60% of a training step. In c order each (n, c) pair is one contiguous plane of H*W
 * values, so a sweep reads planes in memory order, a chunk of whole planes at a time into a Java array (a bulk
 * copy), and the channel of a plane is its index modulo C.
 *
 * <p>Float activations are read into float arrays and converted value by value inside the loops that need double
 * arithmetic (see {@link ChannelKernels}): copying every chunk to a double array and back was half the time of
 * these passes in a JFR profile. Double ones stay double (gradient checks). The planes are split into contiguous
 * ranges over ND4J's thread count (the calling thread takes the first, the common fork-join pool the others; a
 * range the pool has not started is run by the caller); per-range sums are added in range order, so a result does
 * not depend on timing.
 */
final class ChannelPasses {

    /** Elements per chunk: a few tens of KB per array, so a chunk stays in cache between a copy in and its use. */
    private static final int CHUNK = 1 << 14;

    /** Below this many values a pass stays on one thread: handing a range to another thread costs a thread wake-up. */
    static final long PARALLEL_MIN = 1 << 15;

    private final int capacity;
    private final int threads;
    private final Scratch[] scratch;

    /** Scratch for planes of up to {@code planeSize} values (whole planes are read at once), split over {@code threads}. */
    ChannelPasses(long planeSize, int threads) {
        this.capacity = (int) Math.max(CHUNK, planeSize);
        this.threads = Math.max(1, threads);
        this.scratch = new Scratch[this.threads];
    }

    /**
     * {@code current} when it can read planes of {@code l} with ND4J's present thread count, else new passes that
     * can. The thread count is read each time: a search task sets it for its thread pool after layers exist.
     */
    static ChannelPasses reuse(ChannelPasses current, Layout l) {
        int threads = Math.max(1, Nd4j.getEnvironment().maxThreads());
        if (current == null || l.plane() > current.capacity || current.threads != threads) {
            return new ChannelPasses(l.plane(), threads);
        }
        return current;
    }

    /** [N,C,H,W] or [N,C] of float or double as planes: count N*C, plane size H*W (1 for [N,C]). */
    record Layout(int batch, int channels, int plane, DataType type) {
        static Layout of(INDArray x) {
            long plane = x.rank() == 4 ? x.size(2) * x.size(3) : 1;
            return new Layout((int) x.size(0), (int) x.size(1), (int) plane, x.dataType());
        }

        long count() {
            return (long) batch * channels * plane;
        }

        long planes() {
            return (long) batch * channels;
        }
    }

    /** True where these passes can read {@code x}: float or double, rank 2 or 4. */
    static boolean supports(INDArray x) {
        return (x.dataType() == DataType.FLOAT || x.dataType() == DataType.DOUBLE) && (x.rank() == 2 || x.rank() == 4);
    }

    /** {@code x} itself when it is one contiguous c-order block, else a contiguous copy. */
    static INDArray contiguous(INDArray x) {
        return isContiguous(x) ? x : x.dup('c');
    }

    /**
     * Whether the values lie in c order one after another: each dimension's stride is the product of the later
     * sizes; dimensions of size 1 may have any stride (ND4J gives [N,C,1,1] views other strides than its defaults).
     */
    static boolean isContiguous(INDArray x) {
        long expected = 1;
        for (int d = x.rank() - 1; d >= 0; d--) {
            if (x.size(d) != 1 && x.stride(d) != expected) {
                return false;
            }
            expected *= x.size(d);
        }
        return true;
    }

    /** The values of a parameter (any shape) as doubles, in c order. */
    static double[] values(INDArray v) {
        if (supports1d(v)) {
            double[] out = new double[(int) v.length()];
            ArrayAccess.of(v).readDoubles(0, out.length, out);
            return out;
        }
        return v.castTo(DataType.DOUBLE).reshape(v.length()).toDoubleVector();
    }

    /** Writes {@code values} into {@code view} (a gradient view of any shape, c order) without making ND4J arrays. */
    static void assign(INDArray view, double[] values) {
        if (view.length() != values.length) {
            throw new IllegalArgumentException("cannot write " + values.length + " values into an array of " + view.length());
        }
        if (supports1d(view)) {
            ArrayAccess.of(view).writeDoubles(0, values.length, values);
        } else {
            view.assign(Nd4j.createFromArray(values).castTo(view.dataType()).reshape(view.shape()));
        }
    }

    private static boolean supports1d(INDArray v) {
        return (v.dataType() == DataType.FLOAT || v.dataType() == DataType.DOUBLE) && isContiguous(v);
    }

    /** sum[c] += sum of x over its planes of channel c; sumSq[c] += sum of x^2. */
    void sums(INDArray x, Layout l, double[] sum, double[] sumSq) {
        ArrayAccess in = ArrayAccess.of(x, l);
        double[][] acc = run(l, 2, (s, start, planes, c0, out) -> {
            int len = planes * l.plane();
            if (in.isFloat()) {
                in.read(start, len, s.fa);
                ChannelKernels.sums(s.fa, planes, l.plane(), c0, l.channels(), out[0], out[1]);
            } else {
                in.read(start, len, s.da);
                ChannelKernels.sums(s.da, planes, l.plane(), c0, l.channels(), out[0], out[1]);
            }
        });
        add(acc[0], sum);
        add(acc[1], sumSq);
    }

    /** sumY[c] += sum of y over channel c; sumYX[c] += sum of y*x. */
    void sumsOfProduct(INDArray y, INDArray x, Layout l, double[] sumY, double[] sumYX) {
        ArrayAccess iy = ArrayAccess.of(y, l);
        ArrayAccess ix = ArrayAccess.of(x, l);
        double[][] acc = run(l, 2, (s, start, planes, c0, out) -> {
            int len = planes * l.plane();
            if (iy.isFloat()) {
                iy.read(start, len, s.fa);
                ix.read(start, len, s.fb);
                ChannelKernels.sumsOfProduct(s.fa, s.fb, planes, l.plane(), c0, l.channels(), out[0], out[1]);
            } else {
                iy.read(start, len, s.da);
                ix.read(start, len, s.db);
                ChannelKernels.sumsOfProduct(s.da, s.db, planes, l.plane(), c0, l.channels(), out[0], out[1]);
            }
        });
        add(acc[0], sumY);
        add(acc[1], sumYX);
    }

    /** z = k[c]*(x - center[c]) + shift[c]. */
    void scaleShift(INDArray x, INDArray z, Layout l, double[] center, double[] k, double[] shift) {
        ArrayAccess ix = ArrayAccess.of(x, l);
        ArrayAccess iz = ArrayAccess.of(z, l);
        run(l, 0, (s, start, planes, c0, out) -> {
            int len = planes * l.plane();
            if (ix.isFloat()) {
                ix.read(start, len, s.fa);
                ChannelKernels.scaleShift(s.fa, s.fo, planes, l.plane(), c0, l.channels(), center, k, shift);
                iz.write(start, len, s.fo);
            } else {
                ix.read(start, len, s.da);
                ChannelKernels.scaleShift(s.da, s.dout, planes, l.plane(), c0, l.channels(), center, k, shift);
                iz.write(start, len, s.dout);
            }
        });
    }

    /** z = k[c]*y + m[c]*(x - center[c]) + shift[c]. */
    void combine(INDArray y, INDArray x, INDArray z, Layout l, double[] k, double[] m, double[] center, double[] shift) {
        ArrayAccess iy = ArrayAccess.of(y, l);
        ArrayAccess ix = ArrayAccess.of(x, l);
        ArrayAccess iz = ArrayAccess.of(z, l);
        run(l, 0, (s, start, planes, c0, out) -> {
            int len = planes * l.plane();
            if (iy.isFloat()) {
                iy.read(start, len, s.fa);
                ix.read(start, len, s.fb);
                ChannelKernels.combine(s.fa, s.fb, s.fo, planes, l.plane(), c0, l.channels(), k, m, center, shift);
                iz.write(start, len, s.fo);
            } else {
                iy.read(start, len, s.da);
                ix.read(start, len, s.db);
                ChannelKernels.combine(s.da, s.db, s.dout, planes, l.plane(), c0, l.channels(), k, m, center, shift);
                iz.write(start, len, s.dout);
            }
        });
    }

    /**
     * PReLU: z = max(x, 0) + slope[c] * min(x, 0). Written without a branch: with half the inputs negative a
     * branch mispredicts half the time (measured 6-7 ns per value against under 1 ns branch-free).
     */
    void prelu(INDArray x, INDArray z, Layout l, double[] slope) {
        ArrayAccess ix = ArrayAccess.of(x, l);
        ArrayAccess iz = ArrayAccess.of(z, l);
        float[] sf = floats(slope);
        run(l, 0, (s, start, planes, c0, out) -> {
            int len = planes * l.plane();
            if (ix.isFloat()) {
                ix.read(start, len, s.fa);
                ChannelKernels.prelu(s.fa, s.fo, planes, l.plane(), c0, l.channels(), sf);
                iz.write(start, len, s.fo);
            } else {
                ix.read(start, len, s.da);
                ChannelKernels.prelu(s.da, s.dout, planes, l.plane(), c0, l.channels(), slope);
                iz.write(start, len, s.dout);
            }
        });
    }

    /**
     * PReLU backward: dx = dy where x >= 0, slope[c]*dy where x < 0; dSlope[c] += sum of dy * min(x, 0). Branch-free
     * as {@link #prelu}: dx = dy + (slope - 1) * dy * [x < 0], the indicator being min(x, 0) != 0 turned into a
     * 0/1 by a compare-and-select the compiler vectorises.
     */
    void preluBackward(INDArray x, INDArray dy, INDArray dx, Layout l, double[] slope, double[] dSlope) {
        ArrayAccess ix = ArrayAccess.of(x, l);
        ArrayAccess idy = ArrayAccess.of(dy, l);
        ArrayAccess idx = ArrayAccess.of(dx, l);
        float[] sf = floats(slope);
        double[][] acc = run(l, 1, (s, start, planes, c0, out) -> {
            int len = planes * l.plane();
            if (ix.isFloat()) {
                ix.read(start, len, s.fa);
                idy.read(start, len, s.fb);
                ChannelKernels.preluBackward(s.fa, s.fb, s.fo, planes, l.plane(), c0, l.channels(), sf, out[0]);
                idx.write(start, len, s.fo);
            } else {
                ix.read(start, len, s.da);
                idy.read(start, len, s.db);
                ChannelKernels.preluBackward(s.da, s.db, s.dout, planes, l.plane(), c0, l.channels(), slope, out[0]);
                idx.write(start, len, s.dout);
            }
        });
        add(acc[0], dSlope);
    }

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    private static void add(double[] from, double[] into) {
        for (int i = 0; i < into.length; i++) {
            into[i] += from[i];
        }
    }

    @FunctionalInterface
    private interface ChunkBody {
        /** Planes {@code [start / plane, + planes)}; the first is of channel {@code firstChannel}; sums go to {@code acc}. */
        void run(Scratch s, long start, int planes, int firstChannel, double[][] acc);
    }

    /**
     * Runs {@code body} over all planes, in chunks of whole planes, split into contiguous ranges over the threads.
     * Returns {@code sums} per-channel accumulators, each the range-ordered total of the ranges' own.
     */
    private double[][] run(Layout l, int sums, ChunkBody body) {
        long planes = l.planes();
        int parts = l.count() < PARALLEL_MIN ? 1 : (int) Math.min(threads, planes);
        double[][][] acc = new double[parts][sums][l.channels()];
        if (parts == 1) {
            range(0, 0, planes, l, body, acc[0]);
        } else {
            List<ForkJoinTask<?>> others = new ArrayList<>(parts - 1);
            for (int p = 1; p < parts; p++) {
                int part = p;
                others.add(ForkJoinPool.commonPool().submit(() -> range(part, planes * part / parts,
                        planes * (part + 1) / parts, l, body, acc[part])));
            }
            range(0, 0, planes / parts, l, body, acc[0]);
            for (ForkJoinTask<?> t : others) {
                t.join();
            }
        }
        for (int p = 1; p < parts; p++) {
            for (int k = 0; k < sums; k++) {
                add(acc[p][k], acc[0][k]);
            }
        }
        return acc[0];
    }

    private void range(int part, long from, long to, Layout l, ChunkBody body, double[][] acc) {
        Scratch s = scratch[part];
        if (s == null || (l.type() == DataType.FLOAT ? s.fa.length : s.da.length) == 0) {
            s = new Scratch(capacity, l.type());
            scratch[part] = s;
        }
        int perChunk = Math.max(1, capacity / l.plane());
        for (long p = from; p < to; p += perChunk) {
            int planes = (int) Math.min(perChunk, to - p);
            body.run(s, p * l.plane(), planes, (int) (p % l.channels()), acc);
        }
    }

    /** One thread's chunk arrays of one data type (a layer sees one). */
    private static final class Scratch {
        private final float[] fa;
        private final float[] fb;
        private final float[] fo;
        private final double[] da;
        private final double[] db;
        private final double[] dout;

        Scratch(int n, DataType type) {
            int f = type == DataType.FLOAT ? n : 0;
            int d = type == DataType.FLOAT ? 0 : n;
            fa = new float[f];
            fb = new float[f];
            fo = new float[f];
            da = new double[d];
            db = new double[d];
            dout = new double[d];
        }
    }
}

package org.facenas.evaluator.data;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Epochs of shuffled mini-batches with random horizontal flips, reproducible from a seed. Features are
 * [B,3,S,S]; labels one-hot [B,classes]. Extra label arrays (e.g. teacher embeddings for a KD output) can be
 * attached per image. The last incomplete batch of an epoch is dropped so that BN never sees a batch of one.
 *
 * <p>KD-only rows ({@link #withKdOnlyRows}): each batch can also carry a fixed number of images from another set
 * after its labelled ones, with all-zero identity labels and their own extra labels (teacher embeddings, the
 * mirror's when flipped). They are drawn by their own seeded generator, without replacement within a pass over
 * that set (reshuffled when it runs out, independently of the epochs), so the labelled rows, their order and
 * their flips are exactly those of the same batches without KD-only rows, and so is the number of batches.
 */
public final class ShuffledBatches implements MultiDataSetIterator {

    private static final long serialVersionUID = 1L;

    private final FaceTensors data;
    private final int batchSize;
    private final boolean flip;
    private final List<float[][]> extraLabels;
    private final List<float[][]> extraLabelsFlipped;
    private final Random random;
    private int[] order;
    private int cursor;
    private MultiDataSetPreProcessor preProcessor;
    private KdOnly kdOnly;

    /** The KD-only rows' source and their own draw. */
    private static final class KdOnly implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final FaceTensors images;
        final float[][] plain;
        final float[][] flipped;
        final int perBatch;
        final Random random;
        int[] order = new int[0];
        int cursor;

        KdOnly(FaceTensors images, float[][] plain, float[][] flipped, int perBatch, long seed) {
            this.images = images;
            this.plain = plain;
            this.flipped = flipped;
            this.perBatch = perBatch;
            this.random = new Random(seed);
        }

        int next() {
            if (cursor >= order.length) {
                order = permutation(images.count(), random);
                cursor = 0;
            }
            return order[cursor++];
        }
    }

    /**
     * @param extraLabels per extra output, one vector per image (same order as {@code data}); may be empty
     */
    public ShuffledBatches(FaceTensors data, int batchSize, boolean flip, long seed, List<float[][]> extraLabels) {
        this(data, batchSize, flip, seed, extraLabels, List.of());
    }

    /**
     * @param extraLabelsFlipped per extra output, the label of each image's mirror image (used when the image is
     *                           flipped), or empty when the labels do not change with a flip
     */
    public ShuffledBatches(FaceTensors data, int batchSize, boolean flip, long seed, List<float[][]> extraLabels,
                           List<float[][]> extraLabelsFlipped) {
        if (data.count() < 2) {
            throw new IllegalArgumentException("training needs at least 2 images, got " + data.count());
        }
        this.data = data;
        this.batchSize = Math.min(batchSize, data.count());
        this.flip = flip;
        this.extraLabels = List.copyOf(extraLabels);
        if (!extraLabelsFlipped.isEmpty() && extraLabelsFlipped.size() != extraLabels.size()) {
            throw new IllegalArgumentException("flipped extra labels must match the extra labels one to one");
        }
        this.extraLabelsFlipped = List.copyOf(extraLabelsFlipped);
        this.random = new Random(seed);
        reset();
    }

    /**
     * Adds {@code perBatch} KD-only rows to every batch, drawn from {@code images} (seeded by {@code seed}), with
     * {@code plain} / {@code flipped} (image i's teacher embedding, and its mirror's) as the one extra label.
     */
    public ShuffledBatches withKdOnlyRows(FaceTensors images, float[][] plain, float[][] flipped, int perBatch, long seed) {
        if (extraLabels.size() != 1) {
            throw new IllegalArgumentException("KD-only rows need exactly one extra output (the KD targets), got " + extraLabels.size());
        }
        if (images.size() != data.size()) {
            throw new IllegalArgumentException("KD-only images are " + images.size() + " px, the training images " + data.size());
        }
        if (plain.length != images.count() || flipped.length != images.count()) {
            throw new IllegalArgumentException("KD-only rows: " + plain.length + " teacher embeddings for " + images.count() + " images");
        }
        if (perBatch < 1 || images.count() < 1) {
            throw new IllegalArgumentException("KD-only rows: " + perBatch + " per batch from " + images.count() + " images");
        }
        this.kdOnly = new KdOnly(images, plain, flipped, perBatch, seed);
        return this;
    }

    public int batchesPerEpoch() {
        return data.count() / batchSize;
    }

    @Override
    public boolean hasNext() {
        return cursor + batchSize <= order.length;
    }

    @Override
    public MultiDataSet next() {
        return next(batchSize);
    }

    @Override
    public MultiDataSet next(int num) {
        int s = data.size();
        int pixels = 3 * s * s;
        int labelled = num;
        num += kdOnly == null ? 0 : kdOnly.perBatch;
        float[] x = new float[num * pixels];
        float[] y = new float[num * data.classes()];
        float[][] extras = new float[extraLabels.size()][];
        for (int e = 0; e < extras.length; e++) {
            extras[e] = new float[num * extraLabels.get(e)[0].length];
        }
        for (int b = 0; b < labelled; b++) {
            int i = order[cursor++];
            float[] img = data.image(i);
            boolean flipped = flip && random.nextBoolean();
            if (flipped) {
                img = FaceTensors.flipped(img, s);
            }
            System.arraycopy(img, 0, x, b * pixels, pixels);
            y[b * data.classes() + data.labels()[i]] = 1f;
            for (int e = 0; e < extras.length; e++) {
                float[] v = flipped && !extraLabelsFlipped.isEmpty() ? extraLabelsFlipped.get(e)[i] : extraLabels.get(e)[i];
                System.arraycopy(v, 0, extras[e], b * v.length, v.length);
            }
        }
        for (int b = labelled; b < num; b++) {
            // margin labels stay zero: these rows teach KD only
            int i = kdOnly.next();
            float[] img = kdOnly.images.image(i);
            boolean flipped = flip && kdOnly.random.nextBoolean();
            if (flipped) {
                img = FaceTensors.flipped(img, s);
            }
            System.arraycopy(img, 0, x, b * pixels, pixels);
            float[] v = flipped ? kdOnly.flipped[i] : kdOnly.plain[i];
            System.arraycopy(v, 0, extras[0], b * v.length, v.length);
        }
        INDArray[] labels = new INDArray[1 + extras.length];
        labels[0] = Nd4j.create(y, new long[] {num, data.classes()}, DataType.FLOAT);
        for (int e = 0; e < extras.length; e++) {
            labels[1 + e] = Nd4j.create(extras[e], new long[] {num, extraLabels.get(e)[0].length}, DataType.FLOAT);
        }
        MultiDataSet mds = new org.nd4j.linalg.dataset.MultiDataSet(
                new INDArray[] {Nd4j.create(x, new long[] {num, 3, s, s}, DataType.FLOAT)}, labels);
        if (preProcessor != null) {
            preProcessor.preProcess(mds);
        }
        return mds;
    }

    @Override
    public void reset() {
        order = permutation(data.count(), random);
        cursor = 0;
    }

    /** 0..n-1 in a Fisher-Yates order drawn from {@code random}: the labelled and KD-only draws each keep their own. */
    private static int[] permutation(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return true;
    }

    @Override
    public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public MultiDataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }
}

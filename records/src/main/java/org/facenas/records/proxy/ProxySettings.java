package org.facenas.records.proxy;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.facenas.records.proxy.Margin;
import org.facenas.records.proxy.ZeroCostScore;

/**
 * A proxy task: how a candidate is trained briefly and scored. Candidates of one search share one proxy, so
 * their scores rank against each other; the analytical costs are always those of the deployed 112x112 net.
 *
 * @param inputSize         training and scoring resolution (faces are downscaled from 112)
 * @param epochs            passes over the training subset
 * @param batchSize         images per step
 * @param learningRate      peak learning rate (Adam), decayed linearly to zero over the run (see MarginTrainingNetworks)
 * @param weightDecay       decay of the weights per step (ADAM: decoupled, times the learning rate; ARCFACE: coupled L2)
 * @param trainIdentities   identities drawn from the training people (0 = all)
 * @param imagesPerIdentity at most this many images of each (0 = all)
 * @param pairsPerFold      verification pairs kept per fold, half same, half different (0 = all)
 * @param flip              random horizontal flips while training
 * @param margin            the margin-softmax head (ArcFace or CosFace, scale s, margin m)
 * @param zeroCost          null for a proxy that trains; else a zero-cost proxy: nothing trains, the scores are read at
 *                          initialisation on one batch of its training draw and it ranks by this one
 * @param recipe            optimiser and learning-rate schedule ({@link Recipe}; the proxies' is ADAM)
 * @param weightDecayRule   ADAM: each weight decays once per step ({@link WeightDecayRule#ONCE}, null) or as DL4J's
 *                          double listing did before issue 25 ({@code DOUBLED}, to re-read old records); ONCE for a
 *                          recipe or a proxy it means nothing to (ARCFACE sets its L2 once per layer, zero-cost trains nothing)
 *
 * A variant of a preset is derived with {@link #derive()}: {@code preset("quick").derive().epochs(1).build()}.
 */
public record ProxySettings(String name, int inputSize, int epochs, int batchSize, double learningRate, double weightDecay,
                            int trainIdentities, int imagesPerIdentity, int pairsPerFold, boolean flip, Margin margin,
                            ZeroCostScore zeroCost, Recipe recipe, WeightDecayRule weightDecayRule)
        implements java.io.Serializable {

    private static final Map<String, ProxySettings> PRESETS = buildPresets();

    public ProxySettings {
        require(inputSize >= 16 && inputSize <= 112, "input size " + inputSize + " is out of range 16..112");
        require(epochs >= 1, "epochs must be at least 1");
        require(batchSize >= 2, "batch size must be at least 2");
        require(learningRate > 0 && learningRate < 10, "learning rate " + learningRate + " is out of range (0, 10)");
        require(weightDecay >= 0, "weight decay must not be negative");
        require(trainIdentities >= 0 && imagesPerIdentity >= 0 && pairsPerFold >= 0, "subset sizes must not be negative");
        require(pairsPerFold % 2 == 0, "pairs per fold must be even (half same, half different)");
        require(margin != null, "a margin is required");
        if (recipe == null) {
            recipe = Recipe.ADAM;
        }
        if (weightDecayRule == null || recipe != Recipe.ADAM || zeroCost != null) {
            weightDecayRule = WeightDecayRule.ONCE;
        }
    }

    /** Settings whose ADAM weight decay acts once per step. */
    public ProxySettings(String name, int inputSize, int epochs, int batchSize, double learningRate, double weightDecay,
                         int trainIdentities, int imagesPerIdentity, int pairsPerFold, boolean flip, Margin margin,
                         ZeroCostScore zeroCost, Recipe recipe) {
        this(name, inputSize, epochs, batchSize, learningRate, weightDecay, trainIdentities, imagesPerIdentity, pairsPerFold, flip,
                margin, zeroCost, recipe, WeightDecayRule.ONCE);
    }

    /** A proxy that trains, with the proxies' recipe (ADAM). */
    public ProxySettings(String name, int inputSize, int epochs, int batchSize, double learningRate, double weightDecay,
                         int trainIdentities, int imagesPerIdentity, int pairsPerFold, boolean flip, Margin margin) {
        this(name, inputSize, epochs, batchSize, learningRate, weightDecay, trainIdentities, imagesPerIdentity, pairsPerFold, flip,
                margin, null, Recipe.ADAM);
    }

    /** Whether this proxy scores at initialisation instead of training. */
    public boolean zeroCostOnly() {
        return zeroCost != null;
    }

    private static Map<String, ProxySettings> buildPresets() {
        Map<String, ProxySettings> m = new TreeMap<>();
        // CosFace at s=32: from scratch on 222 identities, ArcFace at s=64, m=0.5 did not leave its initial loss in
        // 3 epochs (56.3% vs 60.4% raw pixels on celeba112) while this reached 73.6% in the same 3 epochs
        // seconds: tests and smoke runs; a score here only says the pipeline works
        m.put("tiny", new ProxySettings("tiny", 32, 2, 32, 2e-3, 5e-4, 32, 8, 20, true, Margin.cosFace(32)));
        // tiny's training scored on all 3,000 pairs: 200 pairs made the ranking noise (facenas bench proxy, celeba112,
        // 12 architectures, seeds 1 and 2: seed-to-seed Kendall tau of accuracy 0.43 -> 0.70, of ROC AUC
        // 0.30 -> 0.91, for ~8 s more scoring per candidate; BENCHMARKS.md "Proxy fidelity"); the quickstart's proxy
        m.put("screen", new ProxySettings("screen", 32, 2, 32, 2e-3, 5e-4, 32, 8, 0, true, Margin.cosFace(32)));
        // minutes on 2 cores: every training identity, low resolution
        m.put("quick", new ProxySettings("quick", 48, 3, 32, 2e-3, 5e-4, 0, 0, 0, true, Margin.cosFace(32)));
        // the default for real searches on a cluster
        m.put("standard", new ProxySettings("standard", 64, 8, 32, 2e-3, 5e-4, 0, 0, 0, true, Margin.cosFace(32)));
        // nothing trains: one batch of 64 faces of 64 identities at quick's 48 px, the rung it screens for; the
        // epochs and learning rate are unused, the margin head gives grad_norm and snip their loss
        m.put("zero-cost", new ProxySettings("zero-cost", 48, 1, 64, 2e-3, 5e-4, 64, 2, 20, false, Margin.cosFace(32),
                ZeroCostScore.DEFAULT, Recipe.ADAM));
        return java.util.Collections.unmodifiableMap(m);
    }

    public static ProxySettings preset(String name) {
        ProxySettings p = PRESETS.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown proxy '" + name + "': use one of " + String.join(", ", PRESETS.keySet()));
        }
        return p;
    }

    public static Map<String, ProxySettings> presets() {
        return PRESETS;
    }

    /**
     * Full training of a winner (or a teacher) at 112x112: every training identity and pair, the proxies' optimiser
     * and CosFace head; derive from it to change what a command lets the user set.
     */
    public static ProxySettings fullTraining(int epochs) {
        return new ProxySettings("full", 112, epochs, 32, 2e-3, 5e-4, 0, 0, 0, true, Margin.cosFace(32));
    }

    /** A builder holding these settings, to change some and {@link Builder#build()} (checked again) the variant. */
    public Builder derive() {
        return new Builder(this);
    }

    /** The one way to make a variant of settings; every field starts as the settings it was derived from. */
    public static final class Builder {
        private String name;
        private int inputSize;
        private int epochs;
        private int batchSize;
        private double learningRate;
        private double weightDecay;
        private int trainIdentities;
        private int imagesPerIdentity;
        private int pairsPerFold;
        private boolean flip;
        private Margin margin;
        private ZeroCostScore zeroCost;
        private Recipe recipe;
        private WeightDecayRule weightDecayRule;

        private Builder(ProxySettings p) {
            name = p.name;
            inputSize = p.inputSize;
            epochs = p.epochs;
            batchSize = p.batchSize;
            learningRate = p.learningRate;
            weightDecay = p.weightDecay;
            trainIdentities = p.trainIdentities;
            imagesPerIdentity = p.imagesPerIdentity;
            pairsPerFold = p.pairsPerFold;
            flip = p.flip;
            margin = p.margin;
            zeroCost = p.zeroCost;
            recipe = p.recipe;
            weightDecayRule = p.weightDecayRule;
        }

        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder inputSize(int v) {
            inputSize = v;
            return this;
        }

        public Builder epochs(int v) {
            epochs = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder learningRate(double v) {
            learningRate = v;
            return this;
        }

        public Builder weightDecay(double v) {
            weightDecay = v;
            return this;
        }

        /** Identities drawn from the training people and images kept of each (0 = all). */
        public Builder trainSubset(int identities, int imagesEach) {
            trainIdentities = identities;
            imagesPerIdentity = imagesEach;
            return this;
        }

        public Builder pairsPerFold(int v) {
            pairsPerFold = v;
            return this;
        }

        public Builder flip(boolean v) {
            flip = v;
            return this;
        }

        public Builder margin(Margin v) {
            margin = v;
            return this;
        }

        /** The score a zero-cost proxy ranks by (only a zero-cost proxy has one). */
        public Builder zeroCost(ZeroCostScore v) {
            if (zeroCost == null) {
                throw new IllegalArgumentException("proxy " + name + " trains: only a zero-cost proxy ranks by a zero-cost score");
            }
            zeroCost = v;
            return this;
        }

        /** The optimiser and schedule only; {@link Recipe#apply} also sets the recipe's learning rate, decay and head. */
        public Builder recipe(Recipe v) {
            recipe = v;
            return this;
        }

        /** How often the ADAM recipe's weight decay acts per step (DOUBLED only to re-read records made before issue 25). */
        public Builder weightDecayRule(WeightDecayRule v) {
            weightDecayRule = v;
            return this;
        }

        public ProxySettings build() {
            return new ProxySettings(name, inputSize, epochs, batchSize, learningRate, weightDecay, trainIdentities,
                    imagesPerIdentity, pairsPerFold, flip, margin, zeroCost, recipe, weightDecayRule);
        }
    }

    /**
     * A short stable description for provenance and cache keys. The ADAM recipe is left out, so keys recorded before
     * recipes existed still match; any other recipe is named, so its trainings never mix with ADAM's. ADAM's weight
     * decay acting once is named ({@code ,wdrule=once}) and DL4J's old double listing is not: every key recorded
     * before issue 25 reads as DOUBLED, and no training of one rule is taken for one of the other. A zero-cost proxy's
     * key names no rule (nothing trains, its records stand).
     */
    public String describe() {
        String training = recipe != Recipe.ADAM ? ",recipe=" + recipe.label()
                : weightDecayRule == WeightDecayRule.ONCE && zeroCost == null ? ",wdrule=" + weightDecayRule.label() : "";
        return String.format(Locale.ROOT, "%s:in%d,ep%d,b%d,lr%s,wd%s,ids%d,ipi%d,ppf%d,flip%s,%s%s", name, inputSize,
                epochs, batchSize, learningRate, weightDecay, trainIdentities, imagesPerIdentity, pairsPerFold, flip,
                margin.describe(), training) + (zeroCost == null ? "" : ",zerocost=" + zeroCost.key());
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("proxy settings: " + what);
        }
    }
}

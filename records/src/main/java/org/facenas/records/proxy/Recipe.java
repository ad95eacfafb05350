package org.facenas.records.proxy;

import java.util.Arrays;
import java.util.Locale;
import org.facenas.records.proxy.Margin;

/**
 * How a network is trained fully: the optimiser, its learning-rate schedule, weight decay and the margin head.
 * {@link #ADAM} is what the proxies (and every measurement so far) use; {@link #ARCFACE} is insightface's
 * arcface_torch recipe for MobileFaceNet, the one papers report their numbers with.
 */
public enum Recipe {
    /** Adam, learning rate decayed linearly to zero, decoupled weight decay, CosFace s=32 (the proxies' settings). */
    ADAM,
    /**
     * arcface_torch: SGD with momentum 0.9, L2 5e-4 coupled as PyTorch's {@code weight_decay}, learning rate 0.1 per
     * 512 images scaled to the batch, a linear warm-up over the first tenth of the steps and a polynomial (power 2)
     * decay to zero, ArcFace s=64 m=0.5, horizontal flips.
     */
    ARCFACE;

    /** arcface_torch's "lr = 0.1 # batch size is 512". */
    public static final double ARCFACE_LR_PER_512 = 0.1;
    public static final double ARCFACE_MOMENTUM = 0.9;
    public static final double ARCFACE_WEIGHT_DECAY = 5e-4;
    /** PolyScheduler's power in arcface_torch. */
    public static final double ARCFACE_POWER = 2;
    /** arcface_torch's WebFace42M configs warm up for 2 of 20 epochs; a tenth of the run, counted in steps. */
    public static final double ARCFACE_WARMUP_FRACTION = 0.1;

    public static Recipe parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("--recipe " + name + ": unknown recipe, use one of "
                    + String.join(", ", Arrays.stream(values()).map(Recipe::label).toList()));
        }
    }

    /** Its name as the user writes it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code base} (its batch size already chosen) trained with this recipe. */
    public ProxySettings apply(ProxySettings base) {
        return switch (this) {
            case ADAM -> base.derive().recipe(ADAM).build();
            case ARCFACE -> base.derive().recipe(ARCFACE).learningRate(ARCFACE_LR_PER_512 * base.batchSize() / 512.0)
                    .weightDecay(ARCFACE_WEIGHT_DECAY).margin(Margin.arcFace(64)).flip(true).build();
        };
    }

    /** Warm-up steps of a run of {@code totalSteps} (arcface): a tenth, at least one, none in a one-step run. */
    public static int warmupSteps(int totalSteps) {
        return totalSteps <= 1 ? 0 : Math.min(totalSteps - 1, Math.max(1, (int) Math.ceil(ARCFACE_WARMUP_FRACTION * totalSteps)));
    }

    /**
     * The learning rate of step {@code step} (from 0) of {@code totalSteps}, in closed form: what the evaluator's
     * {@code RecipeSchedule} gives DL4J. ARCFACE: {@code peak * (step+1)/w} while {@code step < w}, then {@code peak * (1 - (step-w)/(total-w))^2}.
     */
    public double learningRate(double peak, int step, int totalSteps) {
        int total = Math.max(1, totalSteps);
        return switch (this) {
            case ADAM -> peak * (1 - (double) step / total);
            case ARCFACE -> {
                int w = warmupSteps(total);
                yield step < w ? peak * (step + 1.0) / w : peak * Math.pow(1 - (double) (step - w) / (total - w), ARCFACE_POWER);
            }
        };
    }
}

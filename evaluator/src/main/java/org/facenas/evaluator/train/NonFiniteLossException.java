package org.facenas.evaluator.train;

/** Training diverged: the loss became NaN or infinite. The candidate fails; its caller carries on. */
public final class NonFiniteLossException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NonFiniteLossException(int step, double loss) {
        super("loss became " + loss + " at step " + step + ": training diverged; lower the learning rate or the margin scale, or check the data");
    }
}

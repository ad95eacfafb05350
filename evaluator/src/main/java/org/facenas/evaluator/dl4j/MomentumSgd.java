package org.facenas.evaluator.dl4j;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * SGD with heavy-ball momentum as PyTorch's {@code torch.optim.SGD(momentum=mu)} does it (what arcface_torch trains
 * with): {@code buf = mu * buf + g; param -= lr * buf}. DL4J's own momentum updater ({@code Nesterovs}) is Nesterov's,
 * a different method; its plain {@code Sgd} has none. L2 regularisation (applied by DL4J before the updater) enters
 * {@code g}, so it is PyTorch's coupled {@code weight_decay}. Bean-shaped (default constructor, getters and setters)
 * because DL4J writes a network's updater into its JSON configuration and reads it back.
 */
public final class MomentumSgd implements IUpdater {

    private static final long serialVersionUID = 1L;

    private double learningRate;
    private ISchedule learningRateSchedule;
    private double momentum;

    public MomentumSgd() {
        this(0.1, null, 0.9);
    }

    public MomentumSgd(double learningRate, ISchedule learningRateSchedule, double momentum) {
        this.learningRate = learningRate;
        this.learningRateSchedule = learningRateSchedule;
        this.momentum = momentum;
    }

    public double getLearningRate() {
        return learningRate;
    }

    public void setLearningRate(double learningRate) {
        this.learningRate = learningRate;
    }

    public ISchedule getLearningRateSchedule() {
        return learningRateSchedule;
    }

    public void setLearningRateSchedule(ISchedule learningRateSchedule) {
        this.learningRateSchedule = learningRateSchedule;
    }

    public double getMomentum() {
        return momentum;
    }

    public void setMomentum(double momentum) {
        this.momentum = momentum;
    }

    @Override
    public long stateSize(long numParams) {
        return numParams;
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        Updater u = new Updater(this);
        u.setStateViewArray(viewArray, viewArray.shape(), viewArray.ordering(), initializeViewArray);
        return u;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> state, boolean initializeStateArrays) {
        Updater u = new Updater(this);
        u.setState(state, initializeStateArrays);
        return u;
    }

    @Override
    public MomentumSgd clone() {
        return new MomentumSgd(learningRate, learningRateSchedule == null ? null : learningRateSchedule.clone(), momentum);
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return learningRateSchedule == null ? learningRate : learningRateSchedule.valueAt(iteration, epoch);
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        this.learningRate = lr;
        this.learningRateSchedule = lrSchedule;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MomentumSgd m && m.learningRate == learningRate && m.momentum == momentum
                && Objects.equals(m.learningRateSchedule, learningRateSchedule);
    }

    @Override
    public int hashCode() {
        return Objects.hash(learningRate, learningRateSchedule, momentum);
    }

    @Override
    public String toString() {
        return "MomentumSgd(lr=" + learningRate + ", schedule=" + learningRateSchedule + ", momentum=" + momentum + ")";
    }

    /** The momentum buffer lives in DL4J's updater state view, one value per parameter, zero at the start. */
    private static final class Updater implements GradientUpdater<MomentumSgd> {
        private final MomentumSgd config;
        private INDArray buffer;

        Updater(MomentumSgd config) {
            this.config = config;
        }

        @Override
        public MomentumSgd getConfig() {
            return config;
        }

        @Override
        public void setState(Map<String, INDArray> state, boolean initialize) {
            if (state == null || !state.containsKey("M")) {
                throw new IllegalStateException("MomentumSgd needs its momentum state M, got " + (state == null ? null : state.keySet()));
            }
            buffer = state.get("M");
            if (initialize) {
                buffer.assign(0);
            }
        }

        @Override
        public Map<String, INDArray> getState() {
            return Map.of("M", buffer);
        }

        @Override
        public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
            buffer = viewArray.reshape(gradientOrder, gradientShape);
            if (initialize) {
                buffer.assign(0);
            }
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            buffer.muli(config.momentum).addi(gradient);
            gradient.assign(buffer).muli(config.getLearningRate(iteration, epoch));
        }
    }
}

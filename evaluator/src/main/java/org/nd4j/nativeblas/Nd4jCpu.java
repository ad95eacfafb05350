package org.nd4j.nativeblas;

/**
 * Shim for DL4J 1.0.0-M2.1: its oneDNN layer helpers (BaseMKLDNNHelper) check availability by loading
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment} and calling {@code getInstance().isUseMKLDNN()}, but ND4J
 * renamed that class to {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} (method
 * {@code isUseONEDNN}), so the helpers were silently never used. This restores the old name.
 */
public final class Nd4jCpu {

    private Nd4jCpu() {
    }

    /** The old environment API, answered by the renamed native environment. */
    public static final class Environment {

        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        public boolean isUseMKLDNN() {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
        }
    }
}

package org.facenas.search.bench;

import java.io.Serializable;
import org.facenas.evaluator.train.ProxySettings;

/**
 * One evaluation a benchmark asks for: an architecture trained on a proxy with a seed, with or without
 * knowledge distillation. Two tasks with the same {@link #key()} are the same training, so a benchmark run never
 * does one twice.
 *
 * @param label       what tables call the architecture (a zoo name, or e.g. {@code s03})
 * @param blockString the architecture
 * @param proxy       the proxy (a preset or named overrides of one); its name labels the proxy
 * @param seed        seeds the initialisation and the batch order
 * @param kd          none, or a KD spec {@code KdSettings.parse} reads (e.g. cosine+warmup=0.3+head@10.0)
 */
public record BenchTask(String label, String blockString, ProxySettings proxy, long seed, String kd) implements Serializable {

    public BenchTask {
        if (blockString == null || proxy == null || kd == null) {
            throw new IllegalArgumentException("a bench task needs an architecture, a proxy and a KD setting (none for none)");
        }
    }

    /** What identifies the training: architecture, the proxy's full settings, seed and KD (not the label). */
    public String key() {
        return blockString + "|" + proxy.describe() + "|" + seed + "|" + kd;
    }

    public String proxyName() {
        return proxy.name();
    }

    public boolean distilled() {
        return !"none".equals(kd);
    }
}

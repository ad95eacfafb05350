package org.facenas.search.bench;

import java.io.Serializable;
import org.facenas.records.proxy.ProxySettings;

/**
 * One evaluation a benchmark asks for: an architecture trained on a proxy with a seed, with or without
 * knowledge distillation, from the benchmark's teacher or from another source of teacher targets. Two tasks with the same {@link #key()} are the same training, so a benchmark run never
 * does one twice.
 *
 * @param label       what tables call the architecture (a zoo name, or e.g. {@code s03})
 * @param blockString the architecture
 * @param proxy       the proxy (a preset or named overrides of one); its name labels the proxy
 * @param seed        seeds the initialisation and the batch order
 * @param kd          none, or a KD spec {@code KdSettings.parse} reads (e.g. cosine+warmup=0.3+head@10.0)
 * @param teacher     where the KD targets come from: null for the benchmark's teacher, else a label naming another
 *                    source (e.g. {@code multistep:traj64}, a teacher trajectory's checkpoints one per epoch)
 */
public record BenchTask(String label, String blockString, ProxySettings proxy, long seed, String kd, String teacher)
        implements Serializable {

    public BenchTask {
        if (blockString == null || proxy == null || kd == null) {
            throw new IllegalArgumentException("a bench task needs an architecture, a proxy and a KD setting (none for none)");
        }
        if (teacher != null && "none".equals(kd)) {
            throw new IllegalArgumentException("a bench task without KD has no teacher, not " + teacher);
        }
    }

    /** Distilled from the benchmark's teacher (or not distilled). */
    public BenchTask(String label, String blockString, ProxySettings proxy, long seed, String kd) {
        this(label, blockString, proxy, seed, kd, null);
    }

    /**
     * What identifies the training: architecture, the proxy's full settings, seed, KD and the teacher source when it
     * is not the benchmark's own (not the label); keys of the benchmark's own teacher read as they always did.
     */
    public String key() {
        return blockString + "|" + proxy.describe() + "|" + seed + "|" + kd + (teacher == null ? "" : "|teacher=" + teacher);
    }

    /** Which teacher targets the task reads: the proxy's name, and the teacher source when it is not the benchmark's. */
    public String teacherKey() {
        return teacherKey(proxy.name(), teacher);
    }

    /** The teacher key of a task on the proxy named {@code proxyName} with teacher source {@code teacher}. */
    public static String teacherKey(String proxyName, String teacher) {
        return teacher == null ? proxyName : proxyName + "|" + teacher;
    }

    public String proxyName() {
        return proxy.name();
    }

    public boolean distilled() {
        return !"none".equals(kd);
    }
}

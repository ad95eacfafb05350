package org.facenas.results;

import java.nio.file.Path;
import java.util.List;

/**
 * An ONNX teacher, or a teacher trajectory (a folder written by {@code facenas teacher train}: multi-step KD,
 * student epoch e learning from checkpoint e+1), and how students learn from it; an ONNX teacher's input size,
 * normalisation (p - mean) * scale and embedding size default to the faceplugin fr_feature.onnx settings (112,
 * 127, 1/128, 512); a trajectory declares its own in teacher.json.
 */
public record TeacherConfig(String onnx, String kd, Double lambda, Integer inputSize, Float mean, Float scale,
                            Integer embeddingSize, String trajectory) {

    /** An ONNX teacher. */
    public TeacherConfig(String onnx, String kd, Double lambda, Integer inputSize, Float mean, Float scale, Integer embeddingSize) {
        this(onnx, kd, lambda, inputSize, mean, scale, embeddingSize, null);
    }

    /** The distillation the students train with (a teacher without kd: the default KD); null for kd: none. */
    public org.facenas.records.proxy.KdSettings kdSettings() {
        return org.facenas.records.proxy.KdSettings.parse(kd == null ? "default" : kd, lambda);
    }

    /** The ONNX teacher, or a trajectory's last checkpoint (the teacher its students end with). */
    public org.facenas.distill.teacher.TeacherSpec spec() {
        List<org.facenas.distill.teacher.TeacherSpec> all = specs();
        return all.get(all.size() - 1);
    }

    /** The teachers in the order students learn from them: one ONNX model, or a trajectory's checkpoints by epoch. */
    public List<org.facenas.distill.teacher.TeacherSpec> specs() {
        if (trajectory != null) {
            return org.facenas.distill.teacher.TeacherTrajectory.read(Path.of(trajectory));
        }
        return List.of(org.facenas.distill.teacher.TeacherSpec.onnx(Path.of(onnx), inputSize == null ? 112 : inputSize,
                mean == null ? 127f : mean, scale == null ? 1f / 128f : scale, embeddingSize == null ? 512 : embeddingSize));
    }
}

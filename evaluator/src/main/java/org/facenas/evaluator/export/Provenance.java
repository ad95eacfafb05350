package org.facenas.evaluator.export;

/**
 * Where an exported architecture comes from, enough to reproduce its score from the file alone; travels inside
 * every export (the JSON file, the DL4J zip entry {@value ArchitectureExport#PROVENANCE_ENTRY}, the ONNX doc_string).
 *
 * @param weights what the weights are: "initialised" for an architecture export, or how they were trained
 */
public record Provenance(String facenasVersion, String runId, long seed, int[] genotype, String blockString, String proxy,
                         String kd, String teacherHash, String dataDir, String dataHash, String trainPeople, String pairs,
                         String weights, String exportedAt) {
}

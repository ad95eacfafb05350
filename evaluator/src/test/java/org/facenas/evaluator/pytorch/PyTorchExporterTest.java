package org.facenas.evaluator.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.facenas.data.SharedData;
import org.facenas.data.image.FacePreprocessing;
import org.facenas.data.image.ImageDecoding;
import org.facenas.data.onnx.OnnxSession;
import org.facenas.evaluator.dl4j.Embedder;
import org.facenas.evaluator.export.ArchitectureExport;
import org.facenas.evaluator.onnx.OnnxExporter;
import org.facenas.evaluator.onnx.OnnxExporterTest;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.graph.NetworkGraph;
import org.facenas.searchspace.zoo.Zoo;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PyTorch export, loaded by real PyTorch (strict state_dict, eval mode), gives the ONNX export's embeddings on real
 * faces. Skipped only when no python3 with torch is installed ({@code apt-get install python3-torch}).
 */
class PyTorchExporterTest {

    static final Path CELEBA = SharedData.celeba112();
    /** Every op and weight layout: grouped (not depthwise) stem, IR with SE, depthwise-separable, ResNet block with a projection, GDC. */
    static final String ALL_OPS = "stem_c16_g4,ir_r2_k3_s2_e2_c24_se0.25,ds_r1_k5_s2_c32,res_r1_k3_s2_c48,head_c64_gdc_emb32";

    static String python;
    static float[] faces;
    static int batch;

    @BeforeAll
    static void findPythonWithTorchAndFaces() throws IOException {
        List<String> candidates = new ArrayList<>();
        if (System.getProperty("facenas.python") != null) {
            candidates.add(System.getProperty("facenas.python"));
        }
        candidates.addAll(List.of("python3", "/usr/bin/python3"));
        for (String c : candidates) {
            if (run(List.of(c, "-c", "import torch"), 60).exit == 0) {
                python = c;
                break;
            }
        }
        Assumptions.assumeTrue(python != null,
                "PyTorch export not checked: no python3 with torch (tried " + candidates + "); apt-get install python3-torch");
        List<Path> images;
        try (Stream<Path> s = Files.walk(CELEBA.resolve("images"))) {
            images = s.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(400).toList();
        }
        FacePreprocessing pre = FacePreprocessing.arcFace();
        batch = 6;
        faces = new float[batch * 3 * 112 * 112];
        for (int i = 0; i < batch; i++) {
            float[] x = pre.apply(ImageDecoding.read(images.get(i * 60))).data();
            System.arraycopy(x, 0, faces, i * x.length, x.length);
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command, int seconds) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, out + " (timed out)");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    /** Embeddings of {@link #faces} by the exported module in PyTorch, in eval mode with the state_dict loaded strictly. */
    private static float[][] torchEmbeddings(Path dir, int dim, String blockString) throws IOException {
        Path in = dir.resolve("faces.f32");
        Path out = dir.resolve("embeddings.f32");
        ByteBuffer b = ByteBuffer.allocate(faces.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(faces);
        Files.write(in, b.array());
        String script = String.join("\n",
                "import importlib.util, sys, torch",
                "spec = importlib.util.spec_from_file_location('exported', sys.argv[1] + '/model.py')",
                "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)",
                "net = m.FaceNasNet()",
                "net.load_state_dict(torch.load(sys.argv[1] + '/model.pt'), strict=True)",
                "net.eval()",
                "x = torch.frombuffer(bytearray(open(sys.argv[2], 'rb').read()), dtype=torch.float32).reshape(-1, 3, 112, 112)",
                "with torch.no_grad():",
                "    y = net(x)",
                "assert y.shape == (x.shape[0], m.FaceNasNet.embedding_size), y.shape",
                "open(sys.argv[3], 'wb').write(y.numpy().astype('<f4').tobytes())",
                "import json; print('blockString', json.loads(m.PROVENANCE)['blockString'])");
        Result r = run(List.of(python, "-c", script, dir.toString(), in.toString(), out.toString()), 300);
        assertEquals(0, r.exit, "PyTorch could not load or run the export:\n" + r.output);
        assertTrue(r.output.contains("blockString " + blockString), "the module carries the provenance JSON: " + r.output);
        ByteBuffer e = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
        float[][] y = new float[batch][dim];
        for (float[] row : y) {
            e.asFloatBuffer().get(row);
            e.position(e.position() + 4 * dim);
        }
        return y;
    }

    private static void assertTorchMatchesOnnx(Architecture a, long seed, Path dir) throws IOException {
        NetworkGraph graph = NetworkGraph.of(a, 112);
        ComputationGraph net = Embedder.create(graph, seed);
        OnnxExporterTest.randomise(net, seed);
        ArchitectureExport.write(ArchitectureExport.Format.PYTORCH, dir, a, net, null, null);
        String source = Files.readString(dir.resolve("model.py"));
        assertTrue(source.lines().filter(l -> l.startsWith("import") || l.startsWith("from")).allMatch(l -> l.contains("torch")),
                "the module imports torch only");
        float[][] expected;
        try (OnnxSession ort = OnnxSession.of(OnnxExporter.export(net, graph, "{}"), 2)) {
            expected = ort.embed(faces, batch, 3, 112);
        }
        float[][] actual = torchEmbeddings(dir, expected[0].length, a.blockString());
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < batch; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                scale = Math.max(scale, Math.abs(expected[i][j]));
                worst = Math.max(worst, Math.abs(expected[i][j] - actual[i][j]));
            }
        }
        System.err.printf(java.util.Locale.ROOT, "%s: PyTorch vs ONNX Runtime max |diff| %.2e, embedding scale %.3f%n", a, worst, scale);
        assertTrue(scale > 1e-2, a + ": the embedding is all zero, the test would prove nothing");
        assertTrue(worst <= 1e-4 * Math.max(1, scale), a + ": PyTorch differs from ONNX Runtime by " + worst + " (embedding scale " + scale + ")");
    }

    @Test
    void everyOpAndLayoutGivesTheOnnxEmbeddingsOnRealFaces(@TempDir Path tmp) throws IOException {
        assertTorchMatchesOnnx(Architecture.parse(ALL_OPS), 3, tmp);
        String source = Files.readString(tmp.resolve("model.py"));
        for (String used : List.of("groups=4,", "nn.PReLU(", "nn.BatchNorm2d(", "nn.BatchNorm1d(", "torch.sigmoid(", "torch.relu(",
                "[:, :, None, None]", "nn.Linear(", "torch.flatten(", "groups=64,")) {
            assertTrue(source.contains(used), "the test network exercises " + used + ":\n" + source);
        }
    }

    @Test
    void mobileFaceNetGivesTheOnnxEmbeddingsOnRealFaces(@TempDir Path tmp) throws IOException {
        assertTorchMatchesOnnx(Zoo.get("mobilefacenet"), 11, tmp);
    }
}

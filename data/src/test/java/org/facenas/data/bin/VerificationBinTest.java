package org.facenas.data.bin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.facenas.data.SharedData;
import org.facenas.data.image.ImageDecoding;
import org.facenas.data.image.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerificationBinTest {

    /** Same call InsightFace's recognition/arcface_torch data scripts use to write lfw.bin. */
    private static final String WRITER = String.join("\n",
            "import pickle, sys",
            "out, files = sys.argv[1], sys.argv[2:]",
            "bins = [open(f, 'rb').read() for f in files]",
            "issame_list = [True, False]",
            "with open(out, 'wb') as f:",
            "    pickle.dump((bins, issame_list), f, protocol=pickle.HIGHEST_PROTOCOL)");

    @Test
    void readsABinWrittenByPythonPickle(@TempDir Path tmp) throws Exception {
        Path images = SharedData.celeba112().resolve("images");
        List<Path> files = List.of(images.resolve("id07201/id07201_0001.jpg"), images.resolve("id07201/id07201_0002.jpg"),
                images.resolve("id07201/id07201_0003.jpg"), images.resolve("id07202/id07202_0001.jpg"));
        Path bin = tmp.resolve("mini.bin");
        Path script = tmp.resolve("write_bin.py");
        Files.writeString(script, WRITER);
        List<String> cmd = new java.util.ArrayList<>(List.of("python3", script.toString(), bin.toString()));
        files.forEach(f -> cmd.add(f.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "python3 failed (python3 must be on PATH): " + log);

        VerificationBin vb = VerificationBin.read(bin);
        assertEquals(2, vb.pairCount());
        assertEquals(List.of(true, false), vb.issame());
        assertArrayEquals(Files.readAllBytes(files.get(3)), vb.second(1));
        RgbImage decoded = ImageDecoding.decode(vb.first(0));
        assertEquals(112, decoded.width());
    }

    @Test
    void rejectsAFileThatIsNotAPickle(@TempDir Path tmp) throws Exception {
        Path bad = tmp.resolve("bad.bin");
        Files.writeString(bad, "hello");
        IOException e = assertThrows(IOException.class, () -> VerificationBin.read(bad));
        assertEquals(true, e.getMessage().contains(bad.toString()));
    }
}

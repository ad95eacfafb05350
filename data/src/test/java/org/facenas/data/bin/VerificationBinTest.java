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

    @Test
    void writtenBinIsReadByPythonPickleAndByTheReader(@TempDir Path tmp) throws Exception {
        java.util.Random r = new java.util.Random(3);
        List<byte[]> images = new java.util.ArrayList<>();
        List<Boolean> same = new java.util.ArrayList<>();
        // 1,100 pairs: more than one APPENDS batch, short (<256 bytes) and long images, real JPEGs among them
        Path img = SharedData.celeba112().resolve("images/id07201/id07201_0001.jpg");
        for (int i = 0; i < 2200; i++) {
            byte[] b = i % 7 == 0 ? Files.readAllBytes(img) : new byte[r.nextInt(600)];
            if (i % 7 != 0) {
                r.nextBytes(b);
            }
            images.add(b);
            if (i % 2 == 0) {
                same.add(r.nextBoolean());
            }
        }
        VerificationBin written = new VerificationBin(images, same);
        Path bin = tmp.resolve("w.bin");
        written.write(bin);

        VerificationBin back = VerificationBin.read(bin);
        assertEquals(same, back.issame());
        for (int i = 0; i < images.size(); i++) {
            assertArrayEquals(images.get(i), back.images().get(i));
        }
        // CPython reads it as InsightFace's load_bin does: bytes objects and bools
        Path script = tmp.resolve("check.py");
        Files.writeString(script, String.join("\n",
                "import pickle, sys, hashlib",
                "bins, issame = pickle.load(open(sys.argv[1], 'rb'))",
                "assert all(type(b) is bytes for b in bins) and all(type(x) is bool for x in issame)",
                "print(len(bins), len(issame), hashlib.sha256(b''.join(bins)).hexdigest(), ''.join('1' if x else '0' for x in issame))"));
        Process p = new ProcessBuilder("python3", script.toString(), bin.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertEquals(0, p.waitFor(), out);
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        images.forEach(sha::update);
        StringBuilder flags = new StringBuilder();
        same.forEach(x -> flags.append(x ? '1' : '0'));
        assertEquals("2200 1100 " + java.util.HexFormat.of().formatHex(sha.digest()) + " " + flags, out);
    }

    @Test
    void foldsAreContiguousBlocksAsKFoldWithoutShuffle() {
        List<byte[]> images = new java.util.ArrayList<>();
        List<Boolean> same = new java.util.ArrayList<>();
        for (int i = 0; i < 23; i++) {
            images.add(new byte[] {1});
            images.add(new byte[] {2});
            same.add(true);
        }
        int[] folds = new VerificationBin(images, same).folds(10);
        // sklearn KFold(10) on 23 samples: 3 folds of 3, then 7 folds of 2
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9}, folds);
    }
}

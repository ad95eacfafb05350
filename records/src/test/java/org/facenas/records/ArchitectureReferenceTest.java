package org.facenas.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.facenas.searchspace.zoo.Zoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DL4J's own writer against this reader is checked in the evaluator (TrainCommandTest); here, what it refuses. */
class ArchitectureReferenceTest {

    static final String ARCH = "stem_c16,ir_r1_k3_s2_e2_c16,head_c32_gdc_emb16";

    @TempDir
    Path tmp;

    record NotAString(String blockString) implements Serializable {
    }

    @Test
    void namesBlockStringsAndJsonExportsResolve() throws Exception {
        assertEquals(Zoo.resolve("mobilefacenet").blockString(), ArchitectureReference.resolve("mobilefacenet").blockString());
        assertEquals(ARCH, ArchitectureReference.resolve(ARCH).blockString());
        Path json = Files.writeString(tmp.resolve("a.json"), "{\"blockString\": \"" + ARCH + "\"}");
        assertEquals(ARCH, ArchitectureReference.resolve(json.toString()).blockString());
    }

    @Test
    void aZipEntryHoldingAStringIsRead() throws Exception {
        Path zip = zip("objects/" + ArchitectureReference.PROVENANCE_ENTRY, "{\"blockString\": \"" + ARCH + "\"}");
        assertEquals(ARCH, ArchitectureReference.resolve(zip.toString()).blockString());
    }

    @Test
    void badExportsAreOneLineErrorsNamingTheFile() throws Exception {
        Path missing = tmp.resolve("none.zip");
        assertEquals("export " + missing + " does not exist",
                assertThrows(IllegalArgumentException.class, () -> ArchitectureReference.resolve(missing.toString())).getMessage());
        Path other = zip("objects/other.json", "{}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ArchitectureReference.resolve(other.toString())).getMessage()
                .startsWith(other + " has no FaceNAS provenance entry"));
        Path object = zip("objects/" + ArchitectureReference.PROVENANCE_ENTRY, new NotAString(ARCH));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ArchitectureReference.resolve(object.toString())).getMessage()
                .startsWith(object + " has no FaceNAS provenance entry"), "only a String is deserialised");
        Path noBlock = Files.writeString(tmp.resolve("b.json"), "{\"format\": 1}");
        assertEquals(noBlock + " is not a FaceNAS export (no blockString)",
                assertThrows(IllegalArgumentException.class, () -> ArchitectureReference.resolve(noBlock.toString())).getMessage());
    }

    private Path zip(String entry, Object value) throws Exception {
        Path p = Files.createTempFile(tmp, "export", ".zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(p))) {
            z.putNextEntry(new ZipEntry(entry));
            ObjectOutputStream o = new ObjectOutputStream(z);
            o.writeObject(value);
            o.flush();
            z.closeEntry();
        }
        return p;
    }
}

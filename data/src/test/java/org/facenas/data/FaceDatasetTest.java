package org.facenas.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaceDatasetTest {

    @Test
    void listsCelebaWithImagesFolderLayout() {
        FaceDataset celeba = FaceDataset.open(SharedData.celeba112());
        assertEquals(286, celeba.identities().size());
        assertEquals(5926, celeba.imageCount());
        List<String> ids = celeba.identities();
        assertTrue(ids.equals(ids.stream().sorted().toList()), "identities must be sorted");
        FaceImageFile first = celeba.images("id07201").get(0);
        assertEquals("images/id07201/id07201_0001.jpg", first.relativePath());
        assertEquals(first.path(), celeba.lfwImagePath("id07201", 1).orElseThrow());
        assertTrue(celeba.lfwImagePath("id07201", 999).isEmpty());
    }

    @Test
    void listsOrlWithIdentityFoldersAtTheRoot() {
        FaceDataset orl = FaceDataset.open(SharedData.orl());
        assertEquals(40, orl.identities().size());
        assertEquals(400, orl.imageCount());
        assertEquals("s1/1.pgm", orl.images("s1").get(0).relativePath());
    }

    @Test
    void listingHashIsStableAndSeesChanges(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("images/a"));
        Files.write(dir.resolve("a_0001.jpg"), new byte[] {1, 2, 3});
        String h1 = FaceDataset.open(tmp).listingHash();
        assertEquals(h1, FaceDataset.open(tmp).listingHash());
        Files.write(dir.resolve("notes.txt"), new byte[] {9});
        assertEquals(h1, FaceDataset.open(tmp).listingHash(), "non-image files are not part of the dataset");
        Files.write(dir.resolve("a_0001.jpg"), new byte[] {1, 2, 3, 4});
        assertNotEquals(h1, FaceDataset.open(tmp).listingHash(), "a size change must change the hash");
    }
}

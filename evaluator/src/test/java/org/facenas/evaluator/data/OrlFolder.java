package org.facenas.evaluator.data;

import org.facenas.data.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.facenas.data.lfw.People;
import org.facenas.data.lfw.PersonCount;

/** The shared ORL faces copied into the LFW layout, for tests that build a small proxy set with planted cases. */
final class OrlFolder {

    static final Path ORL = SharedData.orl();

    private OrlFolder() {
    }

    /**
     * Copies subjects s1..s{@code identities} to {@code folder/images/sN/sN_000M.pgm} and writes
     * {@code peopleDevTrain.txt} naming s1..s{@code trained} (10 images each).
     */
    static Path write(Path folder, int identities, int trained) throws IOException {
        List<PersonCount> train = new ArrayList<>();
        for (int s = 1; s <= identities; s++) {
            Path dir = Files.createDirectories(folder.resolve("images/s" + s));
            for (int m = 1; m <= 10; m++) {
                Files.copy(ORL.resolve("s" + s).resolve(m + ".pgm"), dir.resolve(String.format(Locale.ROOT, "s%d_%04d.pgm", s, m)));
            }
            if (s <= trained) {
                train.add(new PersonCount("s" + s, 10));
            }
        }
        People.plain(train).write(folder.resolve("peopleDevTrain.txt"));
        return folder;
    }
}

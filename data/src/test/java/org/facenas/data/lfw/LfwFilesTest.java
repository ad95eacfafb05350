package org.facenas.data.lfw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.facenas.data.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LfwFilesTest {

    @Test
    void readsPublishedCelebaFilesAndRoundTrips(@TempDir Path tmp) throws Exception {
        Path celeba = SharedData.celeba112();
        People people = People.read(celeba.resolve("people.txt"));
        assertFalse(people.folded());
        assertEquals(286, people.all().size());
        assertEquals(5926, people.all().stream().mapToInt(PersonCount::imageCount).sum());

        Pairs pairs = Pairs.read(celeba.resolve("pairsDevTest.txt"));
        assertEquals(10, pairs.folds());
        assertEquals(150, pairs.pairsPerFold());
        assertEquals(3000, pairs.pairs().size());
        for (int f = 0; f < 10; f++) {
            List<Pair> fold = pairs.fold(f);
            assertEquals(300, fold.size());
            assertEquals(150, fold.stream().filter(Pair::isSame).count());
        }
        assertEquals(Pair.same(0, "id07204", 9, 15), pairs.pairs().get(0));

        Path copy = tmp.resolve("pairs.txt");
        pairs.write(copy);
        assertEquals(Files.readAllLines(celeba.resolve("pairsDevTest.txt")), Files.readAllLines(copy));
        Path peopleCopy = tmp.resolve("people.txt");
        people.write(peopleCopy);
        assertEquals(Files.readAllLines(celeba.resolve("people.txt")), Files.readAllLines(peopleCopy));
    }

    @Test
    void readsFoldedPeopleAndSingleNumberPairs(@TempDir Path tmp) throws Exception {
        Path peopleFile = tmp.resolve("people.txt");
        Files.writeString(peopleFile, "2\n2\nA\t3\nB\t1\n1\nC\t4\n");
        People people = People.read(peopleFile);
        assertTrue(people.folded());
        assertEquals(2, people.folds().size());
        assertEquals(List.of("A", "B", "C"), people.names());
        Path rewritten = tmp.resolve("people2.txt");
        people.write(rewritten);
        assertEquals(Files.readString(peopleFile), Files.readString(rewritten));

        Path pairsFile = tmp.resolve("pairs.txt");
        Files.writeString(pairsFile, "1\nA 1 2\nA 1 C 4\n");
        Pairs pairs = Pairs.read(pairsFile);
        assertEquals(1, pairs.folds());
        assertTrue(pairs.pairs().get(0).isSame());
        assertEquals(Pair.different(0, "A", 1, "C", 4), pairs.pairs().get(1));
    }

    @Test
    void malformedLineNamesFileLineAndFix(@TempDir Path tmp) throws Exception {
        Path pairsFile = tmp.resolve("bad.txt");
        Files.writeString(pairsFile, "1\t1\nA 1 2\nA 1 C\n");
        LfwFormatException e = assertThrows(LfwFormatException.class, () -> Pairs.read(pairsFile));
        assertTrue(e.getMessage().startsWith(pairsFile + ":3: "), e.getMessage());
        assertTrue(e.getMessage().contains("different"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));

        Path peopleFile = tmp.resolve("badpeople.txt");
        Files.writeString(peopleFile, "2\nA\t3\nB\tx\n");
        LfwFormatException e2 = assertThrows(LfwFormatException.class, () -> People.read(peopleFile));
        assertTrue(e2.getMessage().startsWith(peopleFile + ":3: "), e2.getMessage());
    }
}

package org.facenas.data.split;

import java.nio.file.Path;
import org.facenas.data.lfw.Pairs;
import org.facenas.data.lfw.People;

/**
 * An identity-disjoint train/test split in LFW DevTrain/DevTest form.
 *
 * @param trainPeople identities of the training side (plain people list)
 * @param testPeople  identities of the test side
 * @param trainPairs  pairs drawn only among training identities
 * @param testPairs   pairs drawn only among test identities
 */
public record SplitResult(People trainPeople, People testPeople, Pairs trainPairs, Pairs testPairs) {

    /** File names written by {@link #write(Path)}, as LFW names its development view. */
    public static final String PEOPLE_TRAIN = "peopleDevTrain.txt";
    public static final String PEOPLE_TEST = "peopleDevTest.txt";
    public static final String PAIRS_TRAIN = "pairsDevTrain.txt";
    public static final String PAIRS_TEST = "pairsDevTest.txt";

    /** Writes the four files into {@code dir}, replacing existing ones. */
    public void write(Path dir) {
        trainPeople.write(dir.resolve(PEOPLE_TRAIN));
        testPeople.write(dir.resolve(PEOPLE_TEST));
        trainPairs.write(dir.resolve(PAIRS_TRAIN));
        testPairs.write(dir.resolve(PAIRS_TEST));
    }
}

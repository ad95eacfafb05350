package org.facenas.evaluator.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The dataset options every command that trains or scores shares ({@code --data}, {@code --train-people},
 * {@code --pairs}), as a picocli mixin; each file is checked before anything loads, so a missing one is a one-line
 * error naming the option (exit code 2).
 */
public final class DatasetOptions {

    public static final String TRAIN_PEOPLE = "peopleDevTrain.txt";
    public static final String PAIRS = "pairsDevTest.txt";

    @Option(names = "--data", paramLabel = "DIR", description = "dataset folder (images/IDENTITY/*.jpg, LFW people/pairs files)")
    Path data;

    @Option(names = "--train-people", paramLabel = "FILE", description = "people file of the training identities (default: DIR/" + TRAIN_PEOPLE + ")")
    Path trainPeople;

    @Option(names = "--pairs", paramLabel = "FILE", description = "pairs file of held-out identities (default: DIR/" + PAIRS + ")")
    Path pairs;

    private Path defaultData;

    /** The folder used when {@code --data} is not given (benchmarks have one); without it --data is required. */
    public DatasetOptions defaultData(Path folder) {
        this.defaultData = folder;
        return this;
    }

    /** The dataset folder; an error when it is missing. */
    public Path data() {
        Path d = data != null ? data : defaultData;
        if (d == null) {
            throw new IllegalArgumentException("--data DIR is required: the dataset folder (images/IDENTITY/*.jpg, LFW people/pairs files)");
        }
        if (!Files.isDirectory(d)) {
            throw new IllegalArgumentException("--data " + d + " is not a folder: give the dataset folder (images/IDENTITY/*.jpg)");
        }
        return d;
    }

    /** The training people file (--train-people, else DIR/peopleDevTrain.txt); an error when it does not exist. */
    public Path trainPeople() {
        return existing(trainPeople != null ? trainPeople : data().resolve(TRAIN_PEOPLE), "--train-people",
                "a people file of training identities");
    }

    /** The held-out pairs file (--pairs, else DIR/pairsDevTest.txt); an error when it does not exist. */
    public Path pairs() {
        return existing(pairs != null ? pairs : data().resolve(PAIRS), "--pairs", "a pairs file of held-out identities");
    }

    private static Path existing(Path file, String option, String what) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(option + " " + file + " does not exist: give " + what
                    + " (facenas data split writes them)");
        }
        return file;
    }
}

package org.facenas.evaluator.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.facenas.data.recordio.InsightFaceRecords;
import org.facenas.data.source.FaceSource;
import picocli.CommandLine.Option;

/**
 * The dataset options every command that trains or scores shares ({@code --data}, {@code --train-people},
 * {@code --pairs}), as a picocli mixin; each file is checked before anything loads, so a missing one is a one-line
 * error naming the option (exit code 2).
 */
public final class DatasetOptions {

    public static final String TRAIN_PEOPLE = "peopleDevTrain.txt";
    public static final String PAIRS = "pairsDevTest.txt";

    @Option(names = "--data", paramLabel = "DIR", description = "dataset folder: LFW layout (images/IDENTITY/*.jpg, people/pairs files) or an InsightFace set (train.rec, train.idx, property, *.bin)")
    Path data;

    @Option(names = "--train-people", paramLabel = "FILE", description = "people file of the training identities (default: DIR/" + TRAIN_PEOPLE
            + "; an InsightFace set without one trains on all its identities)")
    Path trainPeople;

    @Option(names = {"--pairs", "--verification"}, paramLabel = "FILE", split = ",",
            description = "held-out pairs: an LFW pairs file or an InsightFace .bin; repeat or list with commas to score each set "
                    + "separately, the first ranking (default: DIR/" + PAIRS + ", else every .bin of the set, lfw.bin first)")
    List<Path> pairs;

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
            throw new IllegalArgumentException("--data " + d + " is not a folder: give the dataset folder (images/IDENTITY/*.jpg or train.rec/train.idx)");
        }
        return d;
    }

    /**
     * The training people file (--train-people, else DIR/peopleDevTrain.txt); an error when it does not exist, except
     * for an InsightFace set without one: null, every identity of its train.rec trains.
     */
    public Path trainPeople() {
        if (trainPeople == null && InsightFaceRecords.isRecordFolder(data()) && !Files.exists(data().resolve(TRAIN_PEOPLE))) {
            return null;
        }
        return existing(trainPeople != null ? trainPeople : data().resolve(TRAIN_PEOPLE), "--train-people",
                "a people file of training identities");
    }

    /**
     * The first held-out verification set (what commands that score one set use): the first --pairs, else
     * DIR/pairsDevTest.txt, else an InsightFace set's lfw.bin or first .bin; an error when it does not exist.
     */
    public Path pairs() {
        return verification().get(0);
    }

    /**
     * Every held-out verification set to score, in order, the first ranking: the --pairs given (pairs files or .bin; a
     * relative name that is not a file here is looked up in the data folder), else DIR/pairsDevTest.txt, else every .bin of an InsightFace set (lfw.bin first); an error naming any that does
     * not exist.
     */
    public List<Path> verification() {
        if ((pairs == null || pairs.isEmpty()) && !Files.exists(data().resolve(PAIRS)) && InsightFaceRecords.isRecordFolder(data())) {
            try (FaceSource source = FaceSource.open(data())) {
                List<Path> bins = source.defaultVerification();
                if (!bins.isEmpty()) {
                    return bins;
                }
            }
        }
        if (pairs == null || pairs.isEmpty()) {
            return List.of(existing(data().resolve(PAIRS), "--pairs", "a pairs file of held-out identities"));
        }
        // a bare set name (--pairs lfw.bin,cfp_fp.bin) is looked up in the data folder when it is not a file here
        return pairs.stream().map(p -> !p.isAbsolute() && !Files.exists(p) && Files.isRegularFile(data().resolve(p)) ? data().resolve(p) : p)
                .map(p -> existing(p, "--pairs", "a pairs file of held-out identities or a .bin")).toList();
    }

    private static Path existing(Path file, String option, String what) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(option + " " + file + " is a folder, not a file: give " + what);
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(option + " " + file + " does not exist: give " + what
                    + " (facenas data split writes them)");
        }
        return file;
    }
}

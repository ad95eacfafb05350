package org.facenas.data.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.facenas.data.FaceDataset;
import org.facenas.data.split.DatasetSplitter;
import org.facenas.data.split.SplitResult;
import org.facenas.cli.Outputs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code facenas data split}: identity-disjoint LFW-format people/pairs files. */
@Command(name = "split", mixinStandardHelpOptions = true,
        description = {"Split identities into train/test and draw 10-fold LFW pairs on each side.",
                "Writes peopleDevTrain.txt, peopleDevTest.txt, pairsDevTrain.txt, pairsDevTest.txt."})
public final class SplitCommand extends DataSubcommand {

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "aligned dataset (DIR/images/ID/ID_NNNN.jpg)")
    Path data;

    @Option(names = "--out", paramLabel = "DIR", description = "where to write the four files (default: the --data folder)")
    Path outDir;

    @Option(names = "--test-fraction", required = true, paramLabel = "F", description = "share of identities for test, 0<F<1")
    double testFraction;

    @Option(names = "--pair-count", required = true, paramLabel = "N", description = "pairs per pairs file, a multiple of 20")
    int pairs;

    @Option(names = "--seed", required = true, paramLabel = "S", description = "random seed")
    long seed;

    @Mixin
    Outputs outputs;

    @Override
    int run() {
        requireFolder(data, "--data", "an aligned dataset folder");
        DatasetSplitter splitter = DatasetSplitter.of(testFraction, pairs, seed);
        SplitResult split = splitter.split(FaceDataset.open(data));
        Path target = outDir == null ? data : requireFolder(outDir, "--out", "an existing folder");
        List<String> existing = Stream.of(SplitResult.PEOPLE_TRAIN, SplitResult.PEOPLE_TEST, SplitResult.PAIRS_TRAIN,
                SplitResult.PAIRS_TEST).filter(f -> Files.exists(target.resolve(f))).toList();
        if (!existing.isEmpty() && !outputs.force()) {
            // a dataset's published split (celeba112's pairsDevTest.txt) must not vanish by accident
            throw new IllegalArgumentException(target + " already has " + String.join(", ", existing)
                    + ": pass --out DIR to write the new split elsewhere, or --force to replace them");
        }
        split.write(target);
        out().printf("train: %d identities, %d pairs; test: %d identities, %d pairs; written to %s%n",
                split.trainPeople().all().size(), split.trainPairs().pairs().size(),
                split.testPeople().all().size(), split.testPairs().pairs().size(), target);
        return ExitCodes.OK;
    }
}

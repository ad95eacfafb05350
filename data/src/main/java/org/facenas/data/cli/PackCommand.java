package org.facenas.data.cli;

import java.nio.file.Path;
import org.facenas.data.pack.DatasetPacker;
import org.facenas.cli.Outputs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code facenas data pack}: an LFW-layout folder to an InsightFace set (train.rec/.idx, property, a .bin). */
@Command(name = "pack", mixinStandardHelpOptions = true,
        description = {"Write an InsightFace-style set from an LFW-layout folder: train.rec, train.idx, property,",
                "identities.tsv from the training people, and the held-out pairs as a .bin verification set."})
public final class PackCommand extends DataSubcommand {

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "LFW-layout folder (DIR/images/ID/ID_NNNN.jpg)")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder to write the set into (new or empty; --force to write into one that holds files)")
    Path out;

    @Mixin
    Outputs outputs;

    @Option(names = "--people", paramLabel = "FILE", description = "training people (default: DIR/peopleDevTrain.txt)")
    Path people;

    @Option(names = "--pairs", paramLabel = "FILE", description = "held-out pairs written as FILE-name.bin (default: DIR/pairsDevTest.txt)")
    Path pairs;

    @Override
    int run() throws Exception {
        requireFolder(data, "--data", "an LFW-layout dataset folder");
        Path peopleFile = requireFile(people != null ? people : data.resolve("peopleDevTrain.txt"), "--people",
                "a people file (name<TAB>count lines) naming the identities to pack");
        Path pairsFile = requireFile(pairs != null ? pairs : data.resolve("pairsDevTest.txt"), "--pairs", "an LFW pairs file");
        Outputs.notInto("--out", out, "--data", data);
        // a set's folder is read whole (its .bin files are scored, lfw.bin first): nothing foreign may stay in it
        outputs.folder("--out", out);
        DatasetPacker.PackResult r;
        try {
            r = DatasetPacker.pack(data, peopleFile, pairsFile, out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot pack " + data + " into " + out + ": " + e.getMessage(), e);
        }
        out().printf("packed %d identities, %d images into %s; %d pairs into %s%n", r.identities(), r.images(), out,
                r.pairs(), r.bin());
        return ExitCodes.OK;
    }
}

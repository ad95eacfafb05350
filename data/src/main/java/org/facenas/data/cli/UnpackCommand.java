package org.facenas.data.cli;

import java.nio.file.Path;
import org.facenas.data.pack.DatasetPacker;
import org.facenas.cli.Outputs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code facenas data unpack}: an InsightFace set to an LFW-layout folder. */
@Command(name = "unpack", mixinStandardHelpOptions = true,
        description = {"Write an InsightFace set (train.rec/train.idx) as an LFW-layout folder: images/ID/ID_NNNN.jpg,",
                "peopleDevTrain.txt, and copies of its .bin verification sets."})
public final class UnpackCommand extends DataSubcommand {

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "InsightFace set folder (train.rec, train.idx)")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder to write into (new or empty; --force to write into one that holds files)")
    Path out;

    @Mixin
    Outputs outputs;

    @Override
    int run() throws Exception {
        requireFolder(data, "--data", "an InsightFace set folder holding train.rec and train.idx");
        Outputs.notInto("--out", out, "--data", data);
        outputs.folder("--out", out);
        DatasetPacker.UnpackResult r;
        try {
            r = DatasetPacker.unpack(data, out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot unpack " + data + " into " + out + ": " + e.getMessage(), e);
        }
        out().printf("unpacked %d identities, %d images into %s; %d verification sets copied%n", r.identities(), r.images(),
                out, r.bins().size());
        return ExitCodes.OK;
    }
}

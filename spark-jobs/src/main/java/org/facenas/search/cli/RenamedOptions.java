package org.facenas.search.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Old spellings of options that were renamed so that one word means one thing across commands. Each becomes a hidden
 * option whose use is a one-line error naming the new spelling (exit code 2), never a silent change of meaning. The
 * one home of the renames: a command's own class knows only its current spelling.
 */
final class RenamedOptions {

    /** A renamed option: on {@code command} (its path under facenas), {@code old} is now what {@code use} says. */
    record Rename(String command, String old, String use) {
    }

    static final List<Rename> ALL = List.of(
            new Rename("data align", "--in", "use --data RAW_DIR (the input dataset is --data in every command)"),
            new Rename("data split", "--pairs", "the number of pairs is --pair-count N (--pairs names a verification set everywhere)"),
            new Rename("bench kd", "--bootstrap", "use --resamples N (the bootstrap's resamples, as in bench proxy)"),
            new Rename("bench proxy", "--archs", "the number of architectures is --sample N (--archs is a list of architectures)"),
            new Rename("evaluate", "--kd-lambda", "put the weight inside the KD spec, e.g. --kd default@10 or --kd cosine@10"));

    private RenamedOptions() {
    }

    /** Adds the old spellings to {@code root}'s commands; a path that no longer exists is a programming error. */
    static CommandLine install(CommandLine root) {
        for (Rename r : ALL) {
            CommandLine c = root;
            for (String name : r.command().split(" ")) {
                c = c.getSubcommands().get(name);
                if (c == null) {
                    throw new IllegalStateException("renamed option " + r.old() + ": no command '" + r.command() + "'");
                }
            }
            CommandSpec spec = c.getCommandSpec();
            if (spec.optionsMap().containsKey(r.old())) {
                throw new IllegalStateException(r.command() + " " + r.old() + " is a current option; drop its rename");
            }
            CommandLine owner = c;
            // no initial value: picocli resets options through their setters before each parse
            spec.addOption(OptionSpec.builder(r.old()).hidden(true).arity("0..1").type(String.class).hasInitialValue(false)
                    .description("renamed: " + r.use())
                    .setter(new CommandLine.Model.ISetter() {
                        @Override
                        public <T> T set(T value) {
                            if (value == null) {
                                return null;
                            }
                            throw new ParameterException(owner, r.old() + " was renamed: " + r.use());
                        }
                    }).build());
        }
        return root;
    }
}

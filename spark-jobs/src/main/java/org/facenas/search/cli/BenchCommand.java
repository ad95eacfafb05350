package org.facenas.search.cli;

import org.facenas.evaluator.cli.BenchLatencyCommand;
import org.facenas.evaluator.cli.BenchScoreCommand;
import org.facenas.evaluator.cli.BenchTrainCommand;
import picocli.CommandLine.Command;

/**
 * {@code facenas bench}: every benchmark under one declaration. It lives here, beside the launcher, because bench
 * search runs searches and bench kd summarises with results' paired bootstrap, which evaluator (home of bench train
 * and bench latency) cannot depend on.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks that print figures.",
        subcommands = {BenchTrainCommand.class, BenchLatencyCommand.class, BenchSearchCommand.class, BenchKdCommand.class,
                BenchProxyCommand.class, BenchPredictorCommand.class, BenchScoreCommand.class})
public final class BenchCommand {
}

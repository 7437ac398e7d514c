package org.darts4j.darts.cli;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * What {@code --resume} accepts beside it. A resumed run continues with its folder's own config.json, so an option
 * that would change the run (a learning rate, the epochs, the data) is refused rather than silently ignored; only
 * {@code --device} and {@code --keep-checkpoints}, which do not enter the configuration, may be given.
 */
final class ResumeOptions {
    static final Set<String> ALLOWED = Set.of("--resume", "--device", "--keep-checkpoints");

    private ResumeOptions() {}

    static void check(CommandLine.Model.CommandSpec spec) {
        List<String> given = spec.commandLine().getParseResult().matchedOptions().stream()
                .map(o -> o.longestName()).filter(n -> !ALLOWED.contains(n)).distinct().sorted().collect(Collectors.toList());
        if (!given.isEmpty())
            throw new IllegalArgumentException("--resume continues the run with its folder's config.json; " + String.join(", ", given)
                    + (given.size() == 1 ? " is" : " are") + " not accepted with it (only --device and --keep-checkpoints are)");
    }
}

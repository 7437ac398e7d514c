package org.darts4j.darts.cli;

import org.darts4j.nn.checkpoint.Checkpoint;

/** {@code --keep-checkpoints N|all}: how many checkpoints a run folder keeps (the newest and those to fall back to). */
final class KeepCheckpointsOption {
    static final String DESCRIPTION = "Checkpoints kept in the run folder: N (at least 1; default "
            + Checkpoint.DEFAULT_KEEP + ": the newest and one to fall back to) or all. May change on --resume.";

    private KeepCheckpointsOption() {}

    static int parse(String value) {
        if (value == null) return Checkpoint.DEFAULT_KEEP;
        if (value.equals("all")) return Checkpoint.KEEP_ALL;
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) return n;
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException("--keep-checkpoints: expected a count of at least 1 or 'all', got '" + value + "'");
    }
}

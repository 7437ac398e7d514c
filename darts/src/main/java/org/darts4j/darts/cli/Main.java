package org.darts4j.darts.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code darts4j} command line. Errors are one line on standard error, never a stack trace. */
@Command(name = "darts4j", mixinStandardHelpOptions = true, version = "darts4j 0.1.0",
        description = "Differentiable architecture search (DARTS) on a deep-learning engine written in Java.",
        subcommands = {SearchCommand.class, TrainCommand.class, ExperimentCommand.class, SparsityCommand.class, HypergradCommand.class, BenchCommand.class, DataCommand.class, ConformanceCommand.class,
                DevicesCommand.class, ExportCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /** --quiet and --verbose, on every command; reset for each {@link #execute} (tests run several in one JVM). */
    private static volatile boolean quiet, verbose;

    @CommandLine.Option(names = "--quiet", scope = CommandLine.ScopeType.INHERIT,
            description = "Print nothing but errors (run folders still get their log.txt).")
    static void quiet(boolean q) { quiet = q; }

    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print more: an error's full stack trace, and in search a line for every step.")
    static void verbose(boolean v) { verbose = v; }

    /** Whether --verbose was given. */
    static boolean verbose() { return verbose; }

    @Override public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: expected one of " + spec.subcommands().keySet());
    }

    public static void main(String[] args) {
        Locale.setDefault(Locale.Category.FORMAT, Locale.ROOT);   // the console's numbers as the files' (which use ROOT anyway)
        System.exit(execute(args));
    }

    /**
     * An exception's one-line message. A file system error's own message is often the path alone ("/x/y" for a
     * folder that may not be written): name what went wrong with it.
     */
    static String describe(Throwable ex) {
        if (ex instanceof FileSystemException f) {
            String what = f instanceof AccessDeniedException ? "permission denied"
                    : f instanceof NoSuchFileException ? "no such file or folder"
                    : f instanceof FileAlreadyExistsException ? "already exists"
                    : f instanceof NotDirectoryException ? "not a folder"
                    : f instanceof DirectoryNotEmptyException ? "folder not empty"
                    : f.getReason() != null ? f.getReason() : "file system error";
            return f.getFile() + ": " + what + (f.getOtherFile() != null ? " (" + f.getOtherFile() + ")" : "");
        }
        String msg = ex.getMessage();
        return msg == null || msg.isBlank() ? ex.getClass().getSimpleName() : msg;
    }

    /**
     * The values help texts interpolate ({@code ${sys:darts4j...}}), from where they are defined: the estimators'
     * registry and every component of the search presets and the training recipes, by its path ({@code darts4j.small.supernet.c},
     * {@code darts4j.train.darts.optimizer.lr}).
     */
    private static void publishDefaults() {
        System.setProperty("darts4j.hypergradients", String.join(", ", org.darts4j.darts.hypergradient.HypergradientEstimator.NAMES));
        for (var preset : java.util.Map.of("small", org.darts4j.darts.search.SearchConfig.small(), "paper", org.darts4j.darts.search.SearchConfig.paper()).entrySet())
            org.darts4j.darts.config.ConfigJson.flat(preset.getValue()).forEach((path, v) -> System.setProperty("darts4j." + preset.getKey() + "." + path, String.valueOf(v)));
        for (var preset : TrainCommand.presets().entrySet())
            org.darts4j.darts.config.ConfigJson.flat(preset.getValue()).forEach((path, v) -> System.setProperty("darts4j.train." + preset.getKey() + "." + path, String.valueOf(v)));
    }

    /** Every command's help shows the defaults of the options that have one. */
    private static void showDefaults(CommandLine cl) {
        cl.getCommandSpec().usageMessage().showDefaultValues(true);
        cl.getSubcommands().values().forEach(Main::showDefaults);
    }

    /** Runs the command line and returns the exit status. */
    public static int execute(String... args) {
        publishDefaults();
        CommandLine cl = new CommandLine(new Main());
        showDefaults(cl);
        cl.setParameterExceptionHandler((ex, a) -> {
            System.err.println("darts4j: " + ex.getMessage());
            System.err.println("Try 'darts4j " + (ex.getCommandLine().getCommandName().equals("darts4j") ? "" : ex.getCommandLine().getCommandName() + " ") + "--help'.");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            String msg = describe(ex);
            System.err.println("darts4j: error: " + msg.lines().findFirst().orElse(msg));
            if (verbose) ex.printStackTrace();
            return 1;
        });
        quiet = verbose = false;
        java.io.PrintStream out = System.out;
        try {
            cl.setExecutionStrategy(parsed -> {
                if (quiet && verbose) throw new CommandLine.ParameterException(cl, "--quiet and --verbose exclude each other");
                if (quiet) System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
                return new CommandLine.RunLast().execute(parsed);
            });
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println("darts4j: error: out of memory; give the JVM more with DARTS4J_JAVA_OPTS=-Xmx...");
            return 1;
        } catch (StackOverflowError e) {
            System.err.println("darts4j: error: stack overflow (a graph too deep to walk?)");
            return 1;
        } catch (Error e) {
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            System.err.println("darts4j: internal error: " + root);
            return 1;
        } finally {
            System.setOut(out);
        }
    }
}

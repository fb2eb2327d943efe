package dev.descent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code descent} command line. Bad flags or values print one clear line and exit non-zero, never a stack trace.
 */
@Command(
        name = "descent",
        mixinStandardHelpOptions = true,
        version = "descent 0.1.0",
        description = "Train, inspect and benchmark models with Descent's own engine.",
        subcommands = {
            TrainCommand.class,
            PredictCommand.class,
            ExportCommand.class,
            InspectCommand.class,
            GradcheckCommand.class,
            ConformCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (for tests). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
            cmd.getErr().println("descent " + cmd.getCommandName() + ": " + message);
            if (System.getenv("DESCENT_DEBUG") != null) ex.printStackTrace(cmd.getErr());
            return ex instanceof IllegalArgumentException ? 2 : 1;
        });
        cli.setParameterExceptionHandler((ex, parsed) -> {
            ex.getCommandLine().getErr().println("descent: " + ex.getMessage() + " (see --help)");
            return 2;
        });
        return cli.execute(args);
    }
}

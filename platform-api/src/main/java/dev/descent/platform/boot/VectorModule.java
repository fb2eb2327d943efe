package dev.descent.platform.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * training-core's CPU backend needs the JDK's incubating Vector API, which only a command-line flag
 * ({@code --add-modules jdk.incubator.vector}) brings in; a jar's manifest cannot. So that a plain {@code java -jar
 * descent-platform.jar} trains, the launcher restarts itself once with the flag and passes signals and the exit code
 * through. The child is told the launcher's pid and exits (gracefully, checkpointing its runs) when the launcher is
 * gone, so even a {@code kill -9} of the pid a shell's {@code $!} gives leaves no platform running unseen.
 */
public final class VectorModule {
    private static final String MODULE = "jdk.incubator.vector";

    private static final String LAUNCHER_PID = "descent.launcher.pid";

    private VectorModule() {}

    /** In the relaunched JVM: ends this process when the launcher that started it ends, however it ended. */
    private static void followLauncher() {
        String pid = System.getProperty(LAUNCHER_PID);
        if (pid == null) return;
        Optional<ProcessHandle> launcher;
        try {
            launcher = ProcessHandle.of(Long.parseLong(pid));
        } catch (NumberFormatException e) {
            return;
        }
        if (launcher.isEmpty()) System.exit(143);
        var unused = launcher.get().onExit().thenRun(() -> {
            System.err.println("descent: the launcher (pid " + pid + ") is gone; shutting down");
            System.exit(143);
        });
    }

    /**
     * Returns normally when the module is present; otherwise runs this command again with it and exits with its code.
     */
    public static void ensure() {
        if (ModuleLayer.boot().findModule(MODULE).isPresent()) {
            followLauncher();
            return;
        }
        ProcessHandle.Info info = ProcessHandle.current().info();
        Optional<String> java = info.command();
        Optional<String[]> arguments = info.arguments();
        if (java.isEmpty() || arguments.isEmpty()) {
            System.err.println("descent: training needs the JVM flag --add-modules " + MODULE
                    + " (and --enable-native-access=ALL-UNNAMED); " + "add them to the java command line");
            return;
        }
        List<String> command = new ArrayList<>();
        command.add(java.get());
        command.add("--add-modules");
        command.add(MODULE);
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-D" + LAUNCHER_PID + "=" + ProcessHandle.current().pid());
        command.addAll(List.of(arguments.get()));
        try {
            Process child = new ProcessBuilder(command).inheritIO().start();
            // A SIGTERM to this launcher becomes one to the platform, which then shuts down gracefully.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                child.destroy();
                try {
                    child.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            System.exit(child.waitFor());
        } catch (Exception e) {
            System.err.println("descent: could not restart with --add-modules " + MODULE + " (" + e.getMessage()
                    + "); add it to the java command line");
        }
    }
}

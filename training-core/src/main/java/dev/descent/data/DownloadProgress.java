package dev.descent.data;

import java.io.Console;
import java.io.PrintStream;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Reports a download as it goes: a progress bar on a terminal, a line per file in a log. */
@FunctionalInterface
public interface DownloadProgress {

    /** One file's transfer; {@link #close()} is called whether it succeeded or not. */
    interface Transfer extends AutoCloseable {
        void advance(long bytes);

        @Override
        void close();
    }

    /** {@code file} ({@code bytes} bytes, named as {@code dataset/file}) starts to download from {@code from}. */
    Transfer start(String file, URI from, long bytes);

    static DownloadProgress none() {
        return (file, from, bytes) -> new Transfer() {
            @Override
            public void advance(long n) {}

            @Override
            public void close() {}
        };
    }

    /** A progress bar in MB on stderr when it is a terminal; otherwise one line per file there. */
    static DownloadProgress console() {
        boolean terminal =
                Optional.ofNullable(System.console()).map(Console::isTerminal).orElse(false);
        return terminal ? DownloadProgress::bar : lines(System.err);
    }

    /** One line per file on {@code out}, for logs and pipes. */
    static DownloadProgress lines(PrintStream out) {
        return (file, from, bytes) -> {
            out.printf(Locale.ROOT, "descent: downloading %s (%.1f MB) from %s%n", file, bytes / 1e6, from);
            return none().start(file, from, bytes);
        };
    }

    private static Transfer bar(String file, URI from, long bytes) {
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(file)
                .setInitialMax(bytes)
                .setUnit(bytes >= 1_000_000 ? " MB" : " kB", bytes >= 1_000_000 ? 1_000_000 : 1_000)
                .showSpeed()
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200)
                .continuousUpdate()
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .build();
        return new Transfer() {
            @Override
            public void advance(long n) {
                bar.stepBy(n);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }
}

package dev.descent.backend.cuda;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs the conformance suite on cuda without Maven, for {@code scripts/gpu-check run} on a GPU machine that has only
 * the jlinked runtime: prints JUnit's summary and the failures, and exits 0 only when tests ran and all passed (a
 * machine where cuda is unavailable fails, with the reason, instead of passing by skipping everything).
 */
public final class GpuConformanceMain {
    private GpuConformanceMain() {}

    public static void main(String[] args) {
        CudaBackend cuda = new CudaBackend();
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        if (!cuda.isAvailable()) {
            out.println("conformance on cuda: not run, " + cuda.unavailableReason());
            System.exit(2);
        }
        out.println("conformance on " + cuda.describe());
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(CudaBackendConformanceTest.class), selectClass(CudaAvailabilityTest.class))
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        summary.printFailuresTo(out, 12);
        summary.printTo(out);
        out.println("descent.cuda.memory " + cuda.memoryStats());
        boolean ok = summary.getTotalFailureCount() == 0 && summary.getTestsSucceededCount() > 0;
        out.println("conformance on cuda: " + (ok ? "PASSED" : "FAILED") + " (" + summary.getTestsSucceededCount()
                + " passed, " + summary.getTotalFailureCount() + " failed, " + summary.getTestsSkippedCount()
                + " skipped)");
        System.exit(ok ? 0 : 1);
    }
}

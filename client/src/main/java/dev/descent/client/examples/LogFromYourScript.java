package dev.descent.client.examples;

import dev.descent.client.DescentClient;
import dev.descent.client.MetricLogger;
import dev.descent.client.RunStatus;
import dev.descent.client.Types.Run;
import java.util.Map;

/**
 * Logging from your own training script: create an external run, log its metrics in batches while training, finish it.
 * The run shows up in the web UI and compares with the platform's own runs. Set {@code DESCENT_URL} and
 * {@code DESCENT_TOKEN} (a personal token from {@code POST /api/tokens} or the UI) and run it with the client jar on
 * the class path; {@code main} returns the run.
 */
public final class LogFromYourScript {
    private LogFromYourScript() {}

    public static void main(String[] args) {
        run(DescentClient.fromEnvironment(), args.length > 0 ? args[0] : "my-script");
    }

    /** The example itself: everything a script does, against {@code client}. */
    public static Run run(DescentClient client, String experimentName) {
        long experiment = client.createExperiment(experimentName + "-" + System.currentTimeMillis(), "logged from Java")
                .id();
        double lr = 0.05;
        Run run = client.createExternalRun(experiment, "gradient descent on x^2", Map.of("optimizer", "sgd", "lr", lr));
        try (MetricLogger log = client.metricLogger(run.id(), 50)) {
            // Your training loop: here, gradient descent on f(x) = x^2 from x = 3.
            double x = 3;
            for (int step = 1; step <= 200; step++) {
                x -= lr * 2 * x;
                log.log("train/loss", step, x * x);
                if (step % 20 == 0) log.log("val/loss", step, 1.1 * x * x);
            }
        } catch (RuntimeException e) {
            client.finish(run.id(), RunStatus.FAILED, e.toString());
            throw e;
        }
        return client.finish(run.id(), RunStatus.SUCCEEDED, "x^2 minimised");
    }
}

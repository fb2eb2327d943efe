package dev.descent.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.djl.ndarray.NDManager;
import dev.descent.data.DataSplits;
import dev.descent.spec.ModelSpec;
import dev.descent.spec.OptimizerConfig;
import dev.descent.spec.TrainConfig;
import dev.descent.spec.TrainJob;
import dev.descent.spec.TrainResult;
import dev.descent.spec.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Native arrays do not pile up over a long run: every step's temporaries are freed with its sub-manager. */
@SuppressWarnings("restricted") // mallinfo2 through the FFM API; surefire enables native access
class MemoryTest {

    @BeforeAll
    static void natives() {
        assumeThat(DjlEngine.unavailableReason()).as("libtorch natives").isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "momentum", "rmsprop", "adam", "adamw", "adagrad", "adadelta"})
    void liveArraysStayFlatAcrossEpochs(String optimizer) {
        ModelSpec spec = ModelSpec.fromJson("""
                {"input": [64], "layers": [{"type": "linear", "out": 256}, {"type": "layer_norm"}, {"type": "tanh"},
                  {"type": "dropout", "p": 0.2}, {"type": "linear", "out": 4}], "loss": "cross_entropy"}""");
        OptimizerConfig opt = optimizer.equals("sgd")
                ? OptimizerConfig.of("sgd", 0.05)
                        .with("momentum", 0.9)
                        .with("nesterov", true)
                        .with("weightDecay", 1e-4)
                : OptimizerConfig.of(optimizer, 0.01);
        TrainConfig config = TrainConfig.of(opt)
                .withBatchSize(32)
                .withEpochs(5)
                .withValSplit(0.1)
                .withClipGradNorm(1.0);
        NDManager system;
        try (NDManager probe = DjlRuntime.newManager()) {
            system = probe.getParentManager(); // libtorch's root manager: every run's managers hang below it
        }
        List<Integer> live = new ArrayList<>();
        List<Long> rss = new ArrayList<>();
        TrainingListener sampler = new TrainingListener() {
            @Override
            public void onEpochEnd(int epoch, long step) {
                live.add(system.getManagedArrays().size());
                rss.add(nativeKb());
            }
        };
        DataSplits data = new DataSplits("blobs", TestSets.blobs(4000, 4, 64, 5), TestSets.blobs(200, 4, 64, 6));
        TrainResult result = new DjlEngine().train(new TrainJob(spec, config, data, null), sampler, null);

        assertThat(result.status()).isEqualTo(TrainResult.Status.SUCCEEDED);
        assertThat(result.steps()).isEqualTo(113L * 5);
        // Every epoch ends with the same arrays alive (weights, gradients, optimizer state), whatever ran in between.
        assertThat(live).hasSize(5).allMatch(n -> n.equals(live.getFirst()));
        // And libtorch's memory does not grow: a step's temporaries are ~250 KiB, so leaking them over the 339 steps
        // after the second epoch would add ~80 MiB.
        System.out.println(optimizer + " native kB by epoch " + rss);
        assertThat(rss.getLast() - rss.get(1)).as("native kB by epoch %s", rss).isLessThan(8 * 1024);
    }

    private static final java.lang.invoke.MethodHandle MALLINFO2;

    static {
        var linker = java.lang.foreign.Linker.nativeLinker();
        var sizeT = java.lang.foreign.ValueLayout.JAVA_LONG;
        var layout = java.lang.foreign.MemoryLayout.structLayout(
                sizeT, sizeT, sizeT, sizeT, sizeT, sizeT, sizeT, sizeT, sizeT, sizeT);
        MALLINFO2 = linker.defaultLookup()
                .find("mallinfo2")
                .map(f -> linker.downcallHandle(f, java.lang.foreign.FunctionDescriptor.of(layout)))
                .orElse(null);
    }

    /**
     * Bytes malloc has handed out and not taken back (glibc's mallinfo2: uordblks + hblkhd), less the JVM's own malloc
     * use (direct buffers awaiting GC, G1's remembered sets, the JIT's arenas) as Native Memory Tracking counts it, in
     * kB: what remains is libtorch's and DJL's.
     */
    private static long nativeKb() {
        return mallocKb() - jvmMallocKb();
    }

    private static long jvmMallocKb() {
        try {
            String summary = (String) java.lang.management.ManagementFactory.getPlatformMBeanServer()
                    .invoke(
                            new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                            "vmNativeMemory",
                            new Object[] {new String[] {"summary"}},
                            new String[] {String[].class.getName()});
            var m = java.util.regex.Pattern.compile("malloc: (\\d+)KB").matcher(summary);
            assumeThat(m.find())
                    .as("Native Memory Tracking on (-XX:NativeMemoryTracking=summary)")
                    .isTrue();
            return Long.parseLong(m.group(1));
        } catch (javax.management.JMException e) {
            throw new AssertionError("Native Memory Tracking summary failed", e);
        }
    }

    private static long mallocKb() {
        assumeThat(MALLINFO2).as("glibc mallinfo2").isNotNull();
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            var info = (java.lang.foreign.MemorySegment) MALLINFO2.invoke((java.lang.foreign.SegmentAllocator) arena);
            long hblkhd = info.getAtIndex(java.lang.foreign.ValueLayout.JAVA_LONG, 4);
            long uordblks = info.getAtIndex(java.lang.foreign.ValueLayout.JAVA_LONG, 7);
            return (hblkhd + uordblks) / 1024;
        } catch (Throwable e) {
            throw new AssertionError("mallinfo2 failed", e);
        }
    }
}

package dev.descent.train;

import dev.descent.graph.CompiledGraph;
import dev.descent.graph.Graph;
import dev.descent.graph.Tracer;
import dev.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The training step of {@code --mode graph}: traced once per input shape, optimised, and replayed. The first step runs
 * eagerly (it creates the gradients and the optimizer's state, which the graph then updates in place). The whole step
 * (forward, loss, backward, optimizer update) is one graph when two consecutive traces of it match; an update that
 * reads values back ({@code Clip.gradNorm_}; the trainer clips with {@code Clip.gradNormWithoutReadBack_} instead) or
 * whose scalars are frozen constants that change from step to step (RAdam's) cannot be frozen, so then only forward,
 * loss and backward replay and the update runs eagerly after it.
 *
 * <p>Scalars that change every step by design (Adam's and AdamW's bias corrections, Adagrad's decayed step size) do not
 * stop the update from freezing: the optimizer computes them on the host and passes them as
 * {@link dev.descent.backend.HostScalar}s, which a trace records as slots instead of numbers. Before each replay
 * {@code prepareReplay} does the host half of the update (it counts the step and sets those slots, with the double
 * arithmetic of an eager step), so the replayed kernels read the very scalars eager mode would pass. We chose host
 * slots over a device tensor of factors (PyTorch's capturable Adam) because the kernels take their coefficients as
 * doubles: a tensor operand would need new kernels on every backend and would round the factors to float, changing
 * eager bits.
 *
 * <p>A frozen update holds the learning rate and hyper-parameters it was traced with where they enter as constants
 * (AdamW's decay factor 1 - α λ, SGD's -α). The update key ({@code Optimizer.frozenUpdateKey}: the groups'
 * hyper-parameters, and their learning rates unless those too are host scalars, as in Adam and Adagrad) is read before
 * every replay; when a schedule has changed it, the graphs are dropped and the step is traced again. A checkpoint taken
 * in graph mode is the one eager mode writes.
 */
final class GraphSteps {
    /** What the graph covers. */
    enum Scope {
        UNDECIDED,
        WHOLE_STEP,
        GRADIENTS
    }

    private final Function<Tensor[], Tensor[]> gradients;
    private final Function<Tensor[], Tensor[]> wholeStep;
    private final Runnable update;
    private final Supplier<?> updateKey;
    private final Runnable prepareReplay;
    private Object tracedKey;
    private final Map<String, CompiledGraph> graphs = new HashMap<>();
    private Scope scope;
    private int traces;
    private boolean warm;
    private String firstSignature;

    /**
     * @param gradients inputs to outputs (the loss first), writing the parameters' gradients
     * @param update the optimizer's step, run after {@code gradients}
     * @param frozenUpdate whether the update may be part of the graph at all
     * @param updateKey what a frozen update depends on besides tensors (compared with {@code equals} before each
     *     replay)
     * @param prepareReplay what the update does in Java besides its kernels (count the step, set the host scalars its
     *     kernels read), run before each replay of it
     */
    GraphSteps(
            Function<Tensor[], Tensor[]> gradients,
            Runnable update,
            boolean frozenUpdate,
            Supplier<?> updateKey,
            Runnable prepareReplay) {
        this.gradients = gradients;
        this.update = update;
        this.updateKey = Objects.requireNonNull(updateKey, "updateKey");
        this.prepareReplay = Objects.requireNonNull(prepareReplay, "prepareReplay");
        this.wholeStep = in -> {
            Tensor[] out = gradients.apply(in);
            update.run();
            return out;
        };
        this.scope = frozenUpdate ? Scope.UNDECIDED : Scope.GRADIENTS;
    }

    Scope scope() {
        return scope;
    }

    /** How many times a step was traced (each trace costs about an eager step plus the optimisation). */
    int traces() {
        return traces;
    }

    /** One training step on {@code inputs}; returns the outputs of {@code gradients}. */
    Tensor[] step(Tensor... inputs) {
        if (!warm) {
            warm = true;
            return wholeStep.apply(inputs);
        }
        String key = key(inputs);
        if (scope == Scope.WHOLE_STEP && !Objects.equals(tracedKey, updateKey.get())) {
            // A schedule changed the learning rate (or a hyper-parameter) the frozen updates hold: trace afresh.
            graphs.clear();
            scope = Scope.UNDECIDED;
            firstSignature = null;
        }
        if (scope == Scope.UNDECIDED) {
            tracedKey = updateKey.get();
            traces++;
            Graph g = Tracer.trace(wholeStep, inputs);
            if (!g.warnings().isEmpty()) {
                // The update read a value back (clipping's norm): what Java decided from it cannot be frozen.
                scope = Scope.GRADIENTS;
            } else if (firstSignature == null) {
                firstSignature = g.signature();
            } else if (firstSignature.equals(g.signature())) {
                scope = Scope.WHOLE_STEP;
                graphs.put(key, g.optimize().compile());
            } else {
                scope = Scope.GRADIENTS;
            }
            return outputs(g);
        }
        CompiledGraph c = graphs.get(key);
        Tensor[] out;
        if (c == null) {
            traces++;
            Graph g = Tracer.trace(scope == Scope.WHOLE_STEP ? wholeStep : gradients, inputs);
            graphs.put(key, g.optimize().compile());
            out = outputs(g);
        } else {
            if (scope == Scope.WHOLE_STEP) prepareReplay.run();
            out = c.run(inputs);
        }
        if (scope == Scope.GRADIENTS) update.run();
        return out;
    }

    /** The graph replayed for inputs of these shapes, if one was traced. */
    CompiledGraph graph(Tensor... inputs) {
        return graphs.get(key(inputs));
    }

    private static Tensor[] outputs(Graph g) {
        return g.tracedOutputs();
    }

    private static String key(Tensor... inputs) {
        StringBuilder sb = new StringBuilder();
        for (Tensor t : inputs)
            sb.append(Arrays.toString(t.sizes())).append(t.dtype()).append(';');
        return sb.toString();
    }
}

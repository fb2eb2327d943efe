package dev.descent.train;

import dev.descent.graph.CompiledGraph;
import dev.descent.graph.Graph;
import dev.descent.graph.Tracer;
import dev.descent.tensor.Tensor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The training step of {@code --mode graph}: traced once per input shape, optimised, and replayed. The first step runs
 * eagerly (it creates the gradients and the optimizer's state, which the graph then updates in place). The whole step
 * (forward, loss, backward, optimizer update) is one graph when two consecutive traces of it match; an update whose
 * scalars change from step to step (Adam's bias correction, a scheduled learning rate) or that reads values back
 * (gradient clipping) cannot be frozen, so then only forward, loss and backward replay and the update runs eagerly
 * after it.
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
    private final Map<String, CompiledGraph> graphs = new HashMap<>();
    private Scope scope;
    private boolean warm;
    private String firstSignature;

    /**
     * @param gradients inputs to outputs (the loss first), writing the parameters' gradients
     * @param update the optimizer's step, run after {@code gradients}
     * @param frozenUpdate whether the update may be part of the graph at all
     */
    GraphSteps(Function<Tensor[], Tensor[]> gradients, Runnable update, boolean frozenUpdate) {
        this.gradients = gradients;
        this.update = update;
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

    /** One training step on {@code inputs}; returns the outputs of {@code gradients}. */
    Tensor[] step(Tensor... inputs) {
        if (!warm) {
            warm = true;
            return wholeStep.apply(inputs);
        }
        String key = key(inputs);
        if (scope == Scope.UNDECIDED) {
            Graph g = Tracer.trace(wholeStep, inputs);
            if (firstSignature == null) {
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
            Graph g = Tracer.trace(scope == Scope.WHOLE_STEP ? wholeStep : gradients, inputs);
            graphs.put(key, g.optimize().compile());
            out = outputs(g);
        } else {
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

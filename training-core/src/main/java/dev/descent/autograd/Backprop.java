package dev.descent.autograd;

import dev.descent.backend.Storage;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Reverse-mode differentiation over the recorded graph: nodes run in topological order (each once all its consumers
 * have sent their gradients), and each input's gradient is summed back to the input's shape and dtype here, in one
 * place, so no op handles broadcasting in its own backward.
 */
public final class Backprop {
    private Backprop() {}

    public static void run(Tensor root, Tensor gradient, boolean retainGraph, boolean createGraph) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("tensor does not require grad and has no gradFn: nothing to differentiate "
                    + "(did you create it under noGrad, detach it, or forget requiresGrad_(true) on the inputs?)");
        }
        if (gradient == null) {
            if (root.numel() != 1) {
                throw new IllegalArgumentException(
                        "grad can be implicitly created only for scalar outputs; this output has shape " + root.shape()
                                + ", so pass backward(gradient) with a gradient of that shape");
            }
            gradient = Tensor.onesLike(root);
        } else if (!gradient.shape().equals(root.shape())) {
            throw new IllegalArgumentException(
                    "gradient has shape " + gradient.shape() + " but the output has shape " + root.shape());
        } else if (gradient.dtype() != root.dtype()) {
            gradient = gradient.to(root.dtype());
        }
        // Storages already handed to a leaf's grad: a second leaf receiving the same buffer gets a copy,
        // so that an in-place change to one gradient never shows up in another.
        IdentityHashMap<Storage, Boolean> handedOut = new IdentityHashMap<>();
        handedOut.put(gradient.storage(), true);

        try (var _ = createGraph ? GradMode.enableGrad() : GradMode.noGrad()) {
            if (root.isLeaf()) {
                accumulate(root, gradient, createGraph, handedOut);
                return;
            }
            Node start = root.gradFn();
            Map<Node, Integer> dependencies = countDependencies(start);
            IdentityHashMap<Node, Tensor> pending = new IdentityHashMap<>();
            pending.put(start, gradient);
            ArrayDeque<Node> ready = new ArrayDeque<>();
            ready.push(start);
            while (!ready.isEmpty()) {
                Node node = ready.pop();
                Tensor grad = pending.remove(node);
                Tensor retained = node.retainedOutput();
                // A copy: grad itself flows on, may become a leaf's gradient and be accumulated into in place.
                if (retained != null)
                    retained.setGrad(
                            retained.grad() == null
                                    ? grad.clone()
                                    : retained.grad().add(grad));

                Tensor[] grads = node.runBackward(grad);
                Edge[] edges = node.edges();
                for (int i = 0; i < edges.length; i++) {
                    Edge e = edges[i];
                    if (e == null || grads[i] == null) continue;
                    Tensor g = sumToShape(grads[i], node.inputShape(i));
                    if (g.dtype() != node.inputDType(i)) g = g.to(node.inputDType(i));
                    if (e.leaf() != null) {
                        accumulate(e.leaf(), g, createGraph, handedOut);
                    } else {
                        pending.merge(e.node(), g, Tensor::add);
                        if (dependencies.merge(e.node(), -1, Integer::sum) == 0) ready.push(e.node());
                    }
                }
                if (!retainGraph) node.release();
            }
        }
    }

    private static Map<Node, Integer> countDependencies(Node start) {
        IdentityHashMap<Node, Integer> deps = new IdentityHashMap<>();
        ArrayDeque<Node> stack = new ArrayDeque<>();
        stack.push(start);
        deps.put(start, 0);
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            for (Edge e : n.edges()) {
                if (e == null || e.node() == null) continue;
                Integer prev = deps.put(e.node(), deps.getOrDefault(e.node(), 0) + 1);
                if (prev == null) stack.push(e.node());
            }
        }
        return deps;
    }

    @SuppressWarnings("ReferenceEquality") // Tensor.equals is identity too; == says so at the call
    private static void accumulate(Tensor leaf, Tensor g, boolean createGraph, Map<Storage, Boolean> handedOut) {
        Tensor existing = leaf.grad();
        if (existing == g) {
            // The op wrote this gradient straight into the leaf's zeroed buffer (Context.gradientBuffer).
            handedOut.put(g.storage(), true);
            return;
        }
        if (existing == null) {
            if (!createGraph) g = g.detach();
            // A broadcast (stride-0) or otherwise strided view would make the next add_ or an optimizer's
            // in-place update write one element many times; a buffer another leaf holds must not be shared.
            if (!g.isContiguous() || handedOut.put(g.storage(), true) != null) g = g.clone();
            handedOut.put(g.storage(), true);
            leaf.setGrad(g);
        } else if (createGraph || handedOut.containsKey(existing.storage())) {
            // A gradient stored earlier in this pass may still be read by nodes that have not run yet.
            Tensor sum = existing.add(g);
            handedOut.put(sum.storage(), true);
            leaf.setGrad(sum);
        } else {
            existing.add_(g);
        }
    }

    /** Sums a broadcast gradient back to the shape of the input it belongs to. */
    static Tensor sumToShape(Tensor g, Shape shape) {
        Shape gs = g.shape();
        if (gs.equals(shape)) return g;
        int lead = gs.dim() - shape.dim();
        int[] dims = new int[gs.dim()];
        int n = 0;
        for (int i = 0; i < gs.dim(); i++) {
            if (i < lead || (shape.size(i - lead) == 1 && gs.size(i) != 1)) dims[n++] = i;
        }
        Tensor summed = n == 0 ? g : g.sum(java.util.Arrays.copyOf(dims, n), true);
        return summed.reshape(shape.toArray());
    }
}

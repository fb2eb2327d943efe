package dev.descent.autograd;

import dev.descent.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gradients returned instead of accumulated, as PyTorch's {@code torch.autograd.grad}: the gradient of sum_k
 * <outputs_k, gradOutputs_k> with respect to each input, leaves or intermediate tensors alike, with no {@code grad()}
 * touched. Only the part of the graph between the outputs and the inputs runs. With {@code createGraph} the returned
 * gradients carry a graph of their own, so a gradient penalty can be differentiated again:
 *
 * <pre>{@code
 * Tensor g = Gradients.grad(List.of(critic.forward(x).sum()), List.of(x), null, true, true).getFirst();
 * Tensor penalty = g.norm().sub(1).square(); // differentiable with respect to the critic's weights
 * }</pre>
 */
public final class Gradients {
    private Gradients() {}

    /** The gradient of a one-element output with respect to each input; every input must take part. */
    public static List<Tensor> grad(Tensor output, Tensor... inputs) {
        return grad(List.of(output), Arrays.asList(inputs), null, false, false, false);
    }

    /** {@link #grad(List, List, List, boolean, boolean, boolean)} refusing inputs the outputs do not depend on. */
    public static List<Tensor> grad(
            List<Tensor> outputs,
            List<Tensor> inputs,
            List<Tensor> gradOutputs,
            boolean retainGraph,
            boolean createGraph) {
        return grad(outputs, inputs, gradOutputs, retainGraph, createGraph, false);
    }

    /**
     * @param gradOutputs one per output (null entries, or null altogether, for ones: one-element outputs only)
     * @param retainGraph keep what the graph saved, so it can be differentiated again (implied by createGraph)
     * @param createGraph record the computation of the gradients, for higher derivatives
     * @param allowUnused give null for an input the outputs do not depend on, instead of failing
     */
    @SuppressWarnings("ReferenceEquality") // Tensor.equals is identity too; == says so at the call
    public static List<Tensor> grad(
            List<Tensor> outputs,
            List<Tensor> inputs,
            List<Tensor> gradOutputs,
            boolean retainGraph,
            boolean createGraph,
            boolean allowUnused) {
        if (outputs.isEmpty()) throw new IllegalArgumentException("grad: no outputs to differentiate");
        if (gradOutputs != null && gradOutputs.size() != outputs.size())
            throw new IllegalArgumentException(
                    "grad: " + gradOutputs.size() + " gradOutputs for " + outputs.size() + " outputs");
        IdentityHashMap<Tensor, Integer> leafTargets = new IdentityHashMap<>();
        IdentityHashMap<Node, List<Integer>> nodeTargets = new IdentityHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            Tensor in = inputs.get(i);
            if (!in.requiresGrad()) throw new IllegalArgumentException("grad: input " + i + " does not require grad");
            if (in.isLeaf()) leafTargets.put(in, i);
            else
                nodeTargets.computeIfAbsent(in.gradFn(), k -> new ArrayList<>()).add(i);
        }
        Tensor[] result = new Tensor[inputs.size()];
        IdentityHashMap<Node, Tensor> pending = new IdentityHashMap<>();
        List<Node> roots = new ArrayList<>(); // in the outputs' order, so the same call sums in the same order
        try (var _ = createGraph ? GradMode.enableGrad() : GradMode.noGrad()) {
            for (int k = 0; k < outputs.size(); k++) {
                Tensor out = outputs.get(k);
                if (!out.requiresGrad())
                    throw new IllegalArgumentException("grad: output " + k + " does not require grad");
                Tensor g = seed(out, gradOutputs == null ? null : gradOutputs.get(k), k);
                if (out.isLeaf()) {
                    Integer i = leafTargets.get(out);
                    if (i != null) result[i] = add(result[i], g);
                } else {
                    if (pending.merge(out.gradFn(), g, Tensor::add) == g) roots.add(out.gradFn());
                }
            }
            Map<Node, Boolean> needed = needed(roots, leafTargets, nodeTargets);
            IdentityHashMap<Node, Integer> dependencies = new IdentityHashMap<>();
            for (Node n : needed.keySet()) {
                if (!needed.get(n)) continue;
                for (Edge e : n.edges())
                    if (e != null && e.node() != null && needed.getOrDefault(e.node(), false))
                        dependencies.merge(e.node(), 1, Integer::sum);
            }
            ArrayDeque<Node> ready = new ArrayDeque<>();
            for (Node root : roots)
                if (needed.getOrDefault(root, false) && dependencies.getOrDefault(root, 0) == 0) ready.push(root);
            while (!ready.isEmpty()) {
                Node node = ready.pop();
                Tensor g = pending.remove(node);
                for (int i : nodeTargets.getOrDefault(node, List.of())) result[i] = add(result[i], g);
                if (!feedsTargets(node, needed, leafTargets)) continue;
                Tensor[] grads = node.runBackward(g);
                Edge[] edges = node.edges();
                for (int i = 0; i < edges.length; i++) {
                    Edge e = edges[i];
                    if (e == null || grads[i] == null) continue;
                    if (e.leaf() != null) {
                        Integer target = leafTargets.get(e.leaf());
                        if (target != null) result[target] = add(result[target], shaped(node, i, grads[i]));
                    } else if (needed.getOrDefault(e.node(), false)) {
                        pending.merge(e.node(), shaped(node, i, grads[i]), Tensor::add);
                        if (dependencies.merge(e.node(), -1, Integer::sum) == 0) ready.push(e.node());
                    }
                }
                if (!retainGraph && !createGraph) node.release();
            }
        }
        for (int i = 0; i < result.length; i++) {
            if (result[i] == null && !allowUnused)
                throw new IllegalArgumentException(
                        "grad: input " + i + " (shape " + inputs.get(i).shape()
                                + ") was not used to compute the outputs; pass allowUnused to get null for it");
            if (result[i] != null && !createGraph) result[i] = result[i].detach();
        }
        return Arrays.asList(result);
    }

    private static Tensor seed(Tensor out, Tensor g, int k) {
        if (g == null) {
            if (out.numel() != 1)
                throw new IllegalArgumentException("grad: output " + k + " has shape " + out.shape()
                        + "; give its gradOutput (ones are implied only for one-element outputs)");
            return Tensor.onesLike(out);
        }
        if (!g.shape().equals(out.shape()))
            throw new IllegalArgumentException("grad: gradOutput " + k + " has shape " + g.shape() + " but output " + k
                    + " has shape " + out.shape());
        return g.dtype() == out.dtype() ? g : g.to(out.dtype());
    }

    private static Tensor shaped(Node node, int i, Tensor g) {
        Tensor s = Backprop.sumToShape(g, node.inputShape(i));
        return s.dtype() == node.inputDType(i) ? s : s.to(node.inputDType(i));
    }

    private static Tensor add(Tensor sum, Tensor g) {
        return sum == null ? g : sum.add(g);
    }

    /**
     * Which nodes reachable from the roots lead to a target (an input's node, or an edge to an input leaf): only those
     * run. Found without recursion, so a long recurrent graph cannot overflow the stack.
     */
    private static Map<Node, Boolean> needed(
            Iterable<Node> roots, Map<Tensor, Integer> leafTargets, Map<Node, List<Integer>> nodeTargets) {
        IdentityHashMap<Node, Boolean> needed = new IdentityHashMap<>();
        ArrayDeque<Node> stack = new ArrayDeque<>();
        ArrayDeque<Boolean> expanded = new ArrayDeque<>();
        for (Node root : roots) {
            stack.push(root);
            expanded.push(false);
        }
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            boolean done = expanded.pop();
            if (needed.containsKey(n) && !done) continue;
            if (!done) {
                stack.push(n);
                expanded.push(true);
                needed.put(n, false); // visiting
                for (Edge e : n.edges()) {
                    if (e != null && e.node() != null && !needed.containsKey(e.node())) {
                        stack.push(e.node());
                        expanded.push(false);
                    }
                }
                continue;
            }
            boolean need = nodeTargets.containsKey(n);
            for (Edge e : n.edges()) {
                if (e == null) continue;
                if (e.leaf() != null ? leafTargets.containsKey(e.leaf()) : needed.getOrDefault(e.node(), false))
                    need = true;
            }
            needed.put(n, need);
        }
        return needed;
    }

    /** Whether running this node's backward sends anything on towards a target. */
    private static boolean feedsTargets(Node node, Map<Node, Boolean> needed, Map<Tensor, Integer> leafTargets) {
        for (Edge e : node.edges()) {
            if (e == null) continue;
            if (e.leaf() != null ? leafTargets.containsKey(e.leaf()) : needed.getOrDefault(e.node(), false))
                return true;
        }
        return false;
    }
}

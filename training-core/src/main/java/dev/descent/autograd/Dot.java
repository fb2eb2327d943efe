package dev.descent.autograd;

import dev.descent.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Exports the graph behind a tensor to Graphviz DOT: ops as ellipses labelled with their name and output shape, leaf
 * tensors that receive gradients as boxes (blue), data flowing from inputs to the result. Render with {@code dot -Tpng
 * graph.dot -o graph.png}.
 */
public final class Dot {
    private Dot() {}

    public static String export(Tensor root) {
        return export(root, Map.of());
    }

    /** As {@link #export(Tensor)}, labelling the leaves found in {@code names} (e.g. a module's named parameters). */
    public static String export(Tensor root, Map<Tensor, String> names) {
        StringBuilder sb =
                new StringBuilder("digraph autograd {\n  rankdir=BT;\n  node [fontname=\"Helvetica\", fontsize=10];\n");
        IdentityHashMap<Object, String> ids = new IdentityHashMap<>();
        String rootId = id(ids, root);
        sb.append("  ")
                .append(rootId)
                .append(" [shape=box, style=filled, fillcolor=\"#d9ead3\", label=\"output\\n")
                .append(root.shape())
                .append(root.requiresGrad() ? "" : "\\n(no grad)")
                .append("\"];\n");
        Node start = root.gradFn();
        if (start == null) return sb.append("}\n").toString();
        ArrayDeque<Node> todo = new ArrayDeque<>();
        todo.push(start);
        sb.append("  ").append(id(ids, start)).append(" -> ").append(rootId).append(";\n");
        IdentityHashMap<Node, Boolean> seen = new IdentityHashMap<>();
        seen.put(start, true);
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            String nid = id(ids, n);
            sb.append("  ")
                    .append(nid)
                    .append(" [shape=ellipse, label=\"")
                    .append(n.name())
                    .append("\\n")
                    .append(n.outputShape())
                    .append("\"];\n");
            for (Edge e : n.edges()) {
                if (e == null) continue;
                if (e.leaf() != null) {
                    Tensor leaf = e.leaf();
                    boolean first = !ids.containsKey(leaf);
                    String lid = id(ids, leaf);
                    if (first) {
                        String name = names.getOrDefault(leaf, "leaf");
                        sb.append("  ")
                                .append(lid)
                                .append(" [shape=box, style=filled, fillcolor=\"#cfe2f3\", label=\"")
                                .append(name)
                                .append("\\n")
                                .append(leaf.shape())
                                .append("\\nrequires grad\"];\n");
                    }
                    sb.append("  ").append(lid).append(" -> ").append(nid).append(";\n");
                } else {
                    sb.append("  ")
                            .append(id(ids, e.node()))
                            .append(" -> ")
                            .append(nid)
                            .append(";\n");
                    if (seen.put(e.node(), true) == null) todo.push(e.node());
                }
            }
        }
        return sb.append("}\n").toString();
    }

    private static String id(Map<Object, String> ids, Object o) {
        return ids.computeIfAbsent(o, k -> "n" + ids.size());
    }
}

package dev.descent.nn;

import dev.descent.autograd.GradMode;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A piece of a network, as in PyTorch: it owns named parameters, buffers (state that is saved but not trained, such as
 * batch norm's running statistics) and child modules, all in registration order, and computes {@link #forward}.
 * Subclasses register everything in their constructor:
 *
 * <pre>{@code
 * class TwoLayer extends Module {
 *     final Linear fc1 = registerModule("fc1", new Linear(4, 8));
 *     final Linear fc2 = registerModule("fc2", new Linear(8, 2));
 *     public Tensor forward(Tensor x) { return fc2.forward(fc1.forward(x).relu()); }
 * }
 * }</pre>
 */
public abstract class Module {
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    public abstract Tensor forward(Tensor input);

    // ---- registration ---------------------------------------------------------------------------

    /** Adds a parameter under {@code name}; null (an absent bias) registers nothing and returns null. */
    protected final Parameter registerParameter(String name, Parameter parameter) {
        checkName(name);
        if (parameter != null) parameters.put(name, parameter);
        return parameter;
    }

    protected final Tensor registerBuffer(String name, Tensor buffer) {
        checkName(name);
        if (buffer != null) buffers.put(name, buffer);
        return buffer;
    }

    protected final <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        if (module == null) throw new IllegalArgumentException("module '" + name + "' is null");
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(
                    "a parameter, buffer or module name must be non-empty and contain no '.', got '" + name + "'");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(
                    getClass().getSimpleName() + " already has a member named '" + name + "'");
        }
    }

    // ---- traversal ------------------------------------------------------------------------------

    /** Every parameter of this module and its descendants, once each (a shared weight is listed once). */
    public List<Parameter> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Parameters by dotted path ("0.weight", "fc1.bias"), in registration order. */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        collectParameters("", out, seen);
        return out;
    }

    private void collectParameters(String prefix, Map<String, Parameter> out, Set<Tensor> seen) {
        for (var e : parameters.entrySet()) if (seen.add(e.getValue())) out.put(prefix + e.getKey(), e.getValue());
        for (var e : children.entrySet()) e.getValue().collectParameters(prefix + e.getKey() + ".", out, seen);
    }

    /** Buffers by dotted path ("1.running_mean"), in registration order. */
    public Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collectBuffers("", out);
        return out;
    }

    private void collectBuffers(String prefix, Map<String, Tensor> out) {
        for (var e : buffers.entrySet()) out.put(prefix + e.getKey(), e.getValue());
        for (var e : children.entrySet()) e.getValue().collectBuffers(prefix + e.getKey() + ".", out);
    }

    public List<Module> children() {
        return new ArrayList<>(children.values());
    }

    public Map<String, Module> namedChildren() {
        return Collections.unmodifiableMap(children);
    }

    /** This module and all its descendants, depth first. */
    public List<Module> modules() {
        List<Module> out = new ArrayList<>();
        out.add(this);
        for (Module child : children.values()) out.addAll(child.modules());
        return out;
    }

    /** The total number of elements of all parameters. */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) n += p.numel();
        return n;
    }

    // ---- modes and gradients --------------------------------------------------------------------

    /**
     * Training mode (dropout active, batch norm uses and updates batch statistics) for this module and its descendants.
     */
    public Module train(boolean on) {
        for (Module m : modules()) m.training = on;
        return this;
    }

    public Module train() {
        return train(true);
    }

    public Module eval() {
        return train(false);
    }

    public boolean isTraining() {
        return training;
    }

    /** Forgets every parameter's gradient (sets it to null, as PyTorch's default does). */
    public void zeroGrad() {
        for (Parameter p : parameters()) p.setGrad(null);
    }

    // ---- state ----------------------------------------------------------------------------------

    /**
     * Parameters and buffers by dotted path, ordered module by module as PyTorch's state_dict is. The tensors share
     * data with the module (detached from autograd): copy them to keep a snapshot.
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collectState("", out);
        return out;
    }

    private void collectState(String prefix, Map<String, Tensor> out) {
        for (var e : parameters.entrySet())
            out.put(prefix + e.getKey(), e.getValue().detach());
        for (var e : buffers.entrySet()) out.put(prefix + e.getKey(), e.getValue());
        for (var e : children.entrySet()) e.getValue().collectState(prefix + e.getKey() + ".", out);
    }

    /** Copies every entry of {@code state} into this module; keys and shapes must match exactly. */
    public void loadStateDict(Map<String, Tensor> state) {
        loadStateDict(state, true);
    }

    /**
     * Copies the entries of {@code state} into the parameters and buffers with the same paths (converting dtypes). With
     * {@code strict}, a missing or unexpected key is an error; a shape mismatch always is. Nothing is copied unless
     * every check passes.
     */
    public void loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Tensor> own = stateDict();
        List<String> problems = new ArrayList<>();
        if (strict) {
            Set<String> missing = new TreeSet<>(own.keySet());
            missing.removeAll(state.keySet());
            Set<String> unexpected = new TreeSet<>(state.keySet());
            unexpected.removeAll(own.keySet());
            if (!missing.isEmpty()) problems.add("missing keys " + missing);
            if (!unexpected.isEmpty()) problems.add("unexpected keys " + unexpected);
        }
        for (var e : state.entrySet()) {
            Tensor target = own.get(e.getKey());
            if (target == null) continue;
            Tensor source = e.getValue();
            if (source == null) {
                problems.add("'" + e.getKey() + "' is null");
            } else if (!source.shape().equals(target.shape())) {
                problems.add("size mismatch for '" + e.getKey() + "': the checkpoint has shape " + source.shape()
                        + ", this model has " + target.shape());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "error loading state dict into " + getClass().getSimpleName() + ": " + String.join("; ", problems));
        }
        try (var _ = GradMode.noGrad()) {
            for (var e : state.entrySet()) {
                Tensor target = own.get(e.getKey());
                if (target != null) target.copy_(e.getValue());
            }
        }
    }

    // ---- description ----------------------------------------------------------------------------

    /**
     * The configuration shown inside the parentheses of {@link #toString}, e.g. "in_features=784, out_features=10,
     * bias=true".
     */
    protected String extraRepr() {
        return "";
    }

    /** A tree like PyTorch's repr: each module's name and configuration, children indented under it. */
    @Override
    public String toString() {
        StringBuilder sb =
                new StringBuilder(getClass().getSimpleName()).append('(').append(extraRepr());
        if (children.isEmpty()) return sb.append(')').toString();
        sb.append('\n');
        for (var e : children.entrySet()) {
            String child = e.getValue().toString().replace("\n", "\n  ");
            sb.append("  (").append(e.getKey()).append("): ").append(child).append('\n');
        }
        return sb.append(')').toString();
    }

    /**
     * Runs one zero sample of {@code sampleShape} (no batch dimension) through the module, in eval mode and without a
     * graph, and lists each top-level child's output shape and parameter count (a module that is not a
     * {@link Sequential} is one row). The module's training mode is restored afterwards.
     */
    public Summary summary(int... sampleShape) {
        int[] batched = new int[sampleShape.length + 1];
        batched[0] = 1;
        System.arraycopy(sampleShape, 0, batched, 1, sampleShape.length);
        boolean wasTraining = training;
        eval();
        List<Summary.Row> rows = new ArrayList<>();
        Tensor x = Tensor.zeros(batched);
        try (var _ = GradMode.noGrad()) {
            if (this instanceof Sequential) {
                for (var e : children.entrySet()) {
                    x = e.getValue().forward(x);
                    rows.add(new Summary.Row(
                            e.getKey(),
                            e.getValue().getClass().getSimpleName(),
                            sampleShape(x.shape()),
                            e.getValue().parameterCount()));
                }
            } else {
                x = forward(x);
                rows.add(new Summary.Row("", getClass().getSimpleName(), sampleShape(x.shape()), parameterCount()));
            }
        } finally {
            train(wasTraining);
        }
        return new Summary(rows, parameterCount(), sampleShape(x.shape()));
    }

    private static int[] sampleShape(Shape batched) {
        int[] s = batched.toArray();
        return java.util.Arrays.copyOfRange(s, Math.min(1, s.length), s.length);
    }
}

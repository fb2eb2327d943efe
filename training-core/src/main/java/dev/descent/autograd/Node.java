package dev.descent.autograd;

import dev.descent.backend.DType;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * One recorded application of a {@link Function}: the tensor's {@code gradFn}. It knows where each input's gradient
 * goes, keeps what forward saved (with the versions it had), and runs the backward.
 */
public final class Node implements Context {
    private final Function function;
    private final Edge[] next;
    private final Shape[] inputShapes;
    private final DType[] inputDTypes;
    private Shape outputShape;
    private Tensor[] saved;
    private int[] savedVersions;
    private boolean released;
    private Tensor retainedOutput;

    Node(Function function, Tensor[] inputs) {
        this.function = function;
        this.next = new Edge[inputs.length];
        this.inputShapes = new Shape[inputs.length];
        this.inputDTypes = new DType[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Tensor in = inputs[i];
            inputShapes[i] = in.shape();
            inputDTypes[i] = in.dtype();
            if (in.requiresGrad()) next[i] = in.isLeaf() ? new Edge(null, in) : new Edge(in.gradFn(), null);
        }
    }

    /** "MulBackward", "MatMulBackward"... */
    public String name() {
        return function.name();
    }

    /** The nodes this one sends gradients to (leaf accumulations are not nodes and are left out). */
    public List<Node> nextNodes() {
        List<Node> out = new ArrayList<>();
        for (Edge e : next) if (e != null && e.node() != null) out.add(e.node());
        return out;
    }

    /** The leaf tensors this node accumulates gradients into. */
    public List<Tensor> nextLeaves() {
        List<Tensor> out = new ArrayList<>();
        for (Edge e : next) if (e != null && e.leaf() != null) out.add(e.leaf());
        return out;
    }

    public Shape outputShape() {
        return outputShape;
    }

    void setOutputShape(Shape shape) {
        this.outputShape = shape;
    }

    Edge[] edges() {
        return next;
    }

    /** Keeps the gradient of this node's output tensor in its {@code grad} (see {@link Tensor#retainGrad()}). */
    public void retainOutput(Tensor output) {
        this.retainedOutput = output;
    }

    Tensor retainedOutput() {
        return retainedOutput;
    }

    @Override
    public void saveForBackward(Tensor... tensors) {
        saved = tensors.clone();
        savedVersions = new int[tensors.length];
        for (int i = 0; i < tensors.length; i++) savedVersions[i] = tensors[i] == null ? 0 : tensors[i].version();
    }

    @Override
    public Tensor[] saved() {
        if (released) {
            throw new IllegalStateException(
                    "Trying to backward through the graph a second time (or to use saved tensors after they were freed): "
                            + name()
                            + " already released what it saved. Pass retainGraph=true to the first backward() if you need to backward twice.");
        }
        if (saved == null) return new Tensor[0];
        for (int i = 0; i < saved.length; i++) {
            Tensor t = saved[i];
            if (t != null && t.version() != savedVersions[i]) {
                throw new IllegalStateException(
                        "one of the tensors needed for gradient computation has been modified by an in-place operation: "
                                + "tensor " + i + " saved by " + name() + " (shape " + t.shape() + ", "
                                + t.dtype().label() + ") is at version "
                                + t.version() + "; expected version " + savedVersions[i]
                                + ". Use an out-of-place operation, or clone() the tensor before changing it.");
            }
        }
        return saved;
    }

    @Override
    public boolean needsInputGrad(int i) {
        return next[i] != null;
    }

    @Override
    public Shape inputShape(int i) {
        return inputShapes[i];
    }

    @Override
    public DType inputDType(int i) {
        return inputDTypes[i];
    }

    @Override
    public Tensor gradientBuffer(int i) {
        Edge e = next[i];
        if (e == null || e.leaf() == null) return null;
        Tensor buffer = e.leaf().takeZeroedGrad();
        if (buffer == null) return null;
        if (!buffer.shape().equals(inputShapes[i]) || buffer.dtype() != inputDTypes[i] || !buffer.isContiguous()) {
            // Unusable here; it stays the gradient, and the zeros its taker would have overwritten are written now.
            try (var _ = GradMode.noGrad()) {
                buffer.zero_();
            }
            e.leaf().setGrad(buffer);
            return null;
        }
        return buffer;
    }

    Tensor[] runBackward(Tensor gradOutput) {
        Tensor[] grads = function.backward(this, gradOutput);
        if (grads.length != next.length) {
            throw new IllegalStateException(
                    name() + " returned " + grads.length + " gradients for " + next.length + " inputs");
        }
        return grads;
    }

    void release() {
        saved = null;
        savedVersions = null;
        released = true;
    }

    @Override
    public String toString() {
        return name();
    }
}

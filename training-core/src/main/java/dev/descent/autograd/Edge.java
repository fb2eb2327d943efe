package dev.descent.autograd;

import dev.descent.tensor.Tensor;

/** Where the gradient of one input goes: into the node that produced it, or into a leaf's {@code grad}. */
record Edge(Node node, Tensor leaf) {}

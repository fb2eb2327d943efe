package dev.descent.nn;

import dev.descent.backend.Generator;
import dev.descent.tensor.Tensor;

/**
 * A lookup table: integer indices of any shape to rows of weight [num_embeddings, embedding_dim], initialised N(0, 1).
 * With a {@code paddingIdx}, that row starts at zeros and gets no gradient, so it stays the "nothing here" vector.
 */
public class Embedding extends Module {
    public final int numEmbeddings, embeddingDim;
    public final Parameter weight;
    /** The padding row (non-negative), or null. */
    public final Long paddingIdx;

    private final Generator gen;

    public Embedding(int numEmbeddings, int embeddingDim) {
        this(numEmbeddings, embeddingDim, Generator.global());
    }

    public Embedding(int numEmbeddings, int embeddingDim, Generator gen) {
        this(numEmbeddings, embeddingDim, null, gen);
    }

    /** @param paddingIdx the padding row, negative counting from the end, or null for none */
    public Embedding(int numEmbeddings, int embeddingDim, Long paddingIdx, Generator gen) {
        if (numEmbeddings <= 0 || embeddingDim <= 0) {
            throw new IllegalArgumentException("Embedding: num_embeddings and embedding_dim must be > 0, got "
                    + numEmbeddings + " and " + embeddingDim);
        }
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.gen = gen;
        if (paddingIdx != null && (paddingIdx < -numEmbeddings || paddingIdx >= numEmbeddings)) {
            throw new IllegalArgumentException(
                    "Embedding: padding_idx " + paddingIdx + " is out of range for " + numEmbeddings + " embeddings");
        }
        this.paddingIdx = paddingIdx == null ? null : paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
        this.weight = registerParameter("weight", new Parameter(Tensor.zeros(numEmbeddings, embeddingDim)));
        resetParameters();
    }

    public void resetParameters() {
        Init.normal_(weight, 0, 1, gen);
        if (paddingIdx != null) {
            try (var _ = dev.descent.autograd.GradMode.noGrad()) {
                weight.select(0, paddingIdx.intValue()).zero_();
            }
        }
    }

    @Override
    public Tensor forward(Tensor indices) {
        return F.embedding(indices, weight, paddingIdx);
    }

    @Override
    protected String extraRepr() {
        return numEmbeddings + ", " + embeddingDim + (paddingIdx == null ? "" : ", padding_idx=" + paddingIdx);
    }
}

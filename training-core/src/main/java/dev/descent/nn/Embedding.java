package dev.descent.nn;

import dev.descent.backend.Generator;
import dev.descent.tensor.Tensor;

/**
 * A lookup table: integer indices of any shape to rows of weight [num_embeddings, embedding_dim], initialised N(0, 1).
 */
public class Embedding extends Module {
    public final int numEmbeddings, embeddingDim;
    public final Parameter weight;
    private final Generator gen;

    public Embedding(int numEmbeddings, int embeddingDim) {
        this(numEmbeddings, embeddingDim, Generator.global());
    }

    public Embedding(int numEmbeddings, int embeddingDim, Generator gen) {
        if (numEmbeddings <= 0 || embeddingDim <= 0) {
            throw new IllegalArgumentException("Embedding: num_embeddings and embedding_dim must be > 0, got "
                    + numEmbeddings + " and " + embeddingDim);
        }
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.gen = gen;
        this.weight = registerParameter("weight", new Parameter(Tensor.zeros(numEmbeddings, embeddingDim)));
        resetParameters();
    }

    public void resetParameters() {
        Init.normal_(weight, 0, 1, gen);
    }

    @Override
    public Tensor forward(Tensor indices) {
        return F.embedding(indices, weight);
    }

    @Override
    protected String extraRepr() {
        return numEmbeddings + ", " + embeddingDim;
    }
}

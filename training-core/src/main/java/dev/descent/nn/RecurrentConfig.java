package dev.descent.nn;

/** The shape of a recurrent network, as PyTorch's RNN/LSTM/GRU constructors take it. */
public record RecurrentConfig(
        Mode mode,
        int inputSize,
        int hiddenSize,
        int numLayers,
        boolean bias,
        boolean batchFirst,
        double dropout,
        boolean bidirectional) {

    /** The cell, with the number of gates stacked in its weights' rows. */
    public enum Mode {
        RNN_TANH("rnn", 1),
        RNN_RELU("rnn", 1),
        LSTM("lstm", 4),
        GRU("gru", 3);

        private final String label;
        private final int gates;

        Mode(String label, int gates) {
            this.label = label;
            this.gates = gates;
        }

        public String label() {
            return label;
        }

        public int gates() {
            return gates;
        }
    }

    public RecurrentConfig {
        if (mode == null) throw new IllegalArgumentException("recurrent mode is required");
        if (inputSize <= 0)
            throw new IllegalArgumentException(mode.label() + ": input_size must be > 0, got " + inputSize);
        if (hiddenSize <= 0)
            throw new IllegalArgumentException(mode.label() + ": hidden_size must be > 0, got " + hiddenSize);
        if (numLayers <= 0)
            throw new IllegalArgumentException(mode.label() + ": num_layers must be > 0, got " + numLayers);
        if (!(dropout >= 0 && dropout <= 1))
            throw new IllegalArgumentException(mode.label() + ": dropout must be in [0, 1], got " + dropout);
    }

    public int directions() {
        return bidirectional ? 2 : 1;
    }
}

/**
 * Modules as PyTorch names and builds them: {@link dev.descent.nn.Module} (parameters, buffers, state dicts, train and
 * eval), {@link dev.descent.nn.Sequential}, the layers (linear, conv, pooling, norms, dropout, RNN/LSTM/GRU...), their
 * initialisation ({@link dev.descent.nn.Init}) and the functional forms ({@link dev.descent.nn.F}). Imports the tensor
 * core, {@code io} (summary tables) and {@code backend}; never an engine, the contract or the trainer.
 */
package dev.descent.nn;

/**
 * Formats for bytes and text that several layers read and write: {@link dev.descent.io.Safetensors} (checkpoints and
 * weights, loadable by PyTorch) and {@link dev.descent.io.TextTable} (the tables {@code descent inspect} prints).
 * Imports the tensor core and {@code backend} only.
 */
package dev.descent.io;

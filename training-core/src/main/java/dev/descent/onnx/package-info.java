/**
 * ONNX export: the inference graph of a planned model spec and its weights as an ONNX model (opset 17, a dynamic batch
 * dimension), written with the classes that protoc generates from {@code src/main/protobuf/onnx.proto} (package
 * {@code dev.descent.onnx.proto}). Imports {@code spec}, {@code tensor} and {@code backend} only: it reads a plan and a
 * state dict, never runs a model.
 */
package dev.descent.onnx;

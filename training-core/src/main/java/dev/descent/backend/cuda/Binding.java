package dev.descent.backend.cuda;

import java.lang.foreign.FunctionDescriptor;

/**
 * One C function as the bindings call it: the name the header declares ({@code cuMemAlloc}), the symbol the library
 * exports ({@code cuMemAlloc_v2}, where the header renames it with a macro), and its FFM descriptor. Tests compare the
 * descriptors with the headers' prototypes.
 */
record Binding(String header, String symbol, FunctionDescriptor descriptor) {
    static Binding of(String name, FunctionDescriptor fd) {
        return new Binding(name, name, fd);
    }

    static Binding v2(String name, FunctionDescriptor fd) {
        return new Binding(name, name + "_v2", fd);
    }
}

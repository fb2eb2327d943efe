package dev.descent.nn;

import dev.descent.tensor.Tensor;
import java.util.Iterator;

/** A list of parameters named "0", "1", ... whose owner decides how to use them. */
public class ParameterList extends Module implements Iterable<Parameter> {
    private final java.util.List<Parameter> items = new java.util.ArrayList<>();

    public ParameterList(Parameter... parameters) {
        for (Parameter p : parameters) add(p);
    }

    public final ParameterList add(Parameter parameter) {
        if (parameter == null) throw new IllegalArgumentException("a ParameterList cannot hold null");
        registerParameter(Integer.toString(items.size()), parameter);
        items.add(parameter);
        return this;
    }

    public Parameter get(int index) {
        if (index < 0 || index >= items.size())
            throw new IndexOutOfBoundsException(
                    "index " + index + " is out of range for a ParameterList of " + items.size());
        return items.get(index);
    }

    public int size() {
        return items.size();
    }

    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException(
                "a ParameterList has no forward of its own; use its parameters from the owning module's forward");
    }

    @Override
    public Iterator<Parameter> iterator() {
        return items.iterator();
    }

    @Override
    protected String extraRepr() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            Parameter p = items.get(i);
            sb.append("\n  (")
                    .append(i)
                    .append("): Parameter containing: [")
                    .append(p.dtype().label())
                    .append(" of size ")
                    .append(p.shape())
                    .append(']');
        }
        return items.isEmpty() ? "" : sb.append('\n').toString();
    }
}

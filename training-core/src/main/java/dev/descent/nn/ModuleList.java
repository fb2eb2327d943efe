package dev.descent.nn;

import dev.descent.tensor.Tensor;
import java.util.Iterator;

/** A list of modules whose parameters belong to the owner; the owner decides how to call them. */
public class ModuleList extends Module implements Iterable<Module> {

    public ModuleList(Module... modules) {
        for (Module m : modules) add(m);
    }

    public final ModuleList add(Module module) {
        registerModule(Integer.toString(size()), module);
        return this;
    }

    public Module get(int index) {
        if (index < 0 || index >= size())
            throw new IndexOutOfBoundsException(
                    "index " + index + " is out of range for a ModuleList of " + size() + " modules");
        return namedChildren().get(Integer.toString(index));
    }

    public int size() {
        return namedChildren().size();
    }

    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException(
                "a ModuleList has no forward of its own; call its modules from the owning module's forward");
    }

    @Override
    public Iterator<Module> iterator() {
        return children().iterator();
    }
}

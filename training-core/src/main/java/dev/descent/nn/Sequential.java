package dev.descent.nn;

import dev.descent.tensor.Tensor;
import java.util.Iterator;

/** Modules applied one after another; the children are named "0", "1", ... as in PyTorch. */
public class Sequential extends Module implements Iterable<Module> {

    public Sequential(Module... modules) {
        for (Module m : modules) add(m);
    }

    public Sequential(java.util.List<? extends Module> modules) {
        for (Module m : modules) add(m);
    }

    public final Sequential add(Module module) {
        registerModule(Integer.toString(size()), module);
        return this;
    }

    public Module get(int index) {
        if (index < 0 || index >= size())
            throw new IndexOutOfBoundsException(
                    "index " + index + " is out of range for a Sequential of " + size() + " modules");
        return namedChildren().get(Integer.toString(index));
    }

    public int size() {
        return namedChildren().size();
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Module m : namedChildren().values()) x = m.forward(x);
        return x;
    }

    @Override
    public Iterator<Module> iterator() {
        return children().iterator();
    }
}

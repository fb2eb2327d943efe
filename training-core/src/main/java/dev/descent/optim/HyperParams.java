package dev.descent.optim;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hyper-parameter records to and from numbers, for state dicts: every component is a double, int, long or boolean (1 or
 * 0), keyed by its name. Rebuilding goes through the canonical constructor, so a loaded state is validated like a new
 * one.
 */
final class HyperParams {
    private HyperParams() {}

    static Map<String, Double> toScalars(Record hyper) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (RecordComponent c : hyper.getClass().getRecordComponents()) {
            Object v = read(c, hyper);
            out.put(
                    c.getName(),
                    switch (v) {
                        case Boolean b -> b ? 1.0 : 0.0;
                        case Number n -> n.doubleValue();
                        default ->
                            throw new IllegalStateException("hyper-parameter " + c.getName() + " of "
                                    + hyper.getClass().getSimpleName() + " is not a number or boolean");
                    });
        }
        return out;
    }

    /** Rebuilds a record of {@code type} from {@code values}, keyed by {@code prefix + componentName}. */
    static <H extends Record> H fromScalars(Class<H> type, StateDict values, String prefix) {
        RecordComponent[] cs = type.getRecordComponents();
        Class<?>[] types = new Class<?>[cs.length];
        Object[] args = new Object[cs.length];
        for (int i = 0; i < cs.length; i++) {
            types[i] = cs[i].getType();
            double v = values.scalar(prefix + cs[i].getName());
            args[i] = switch (types[i].getName()) {
                case "double" -> v;
                case "int" -> (int) v;
                case "long" -> (long) v;
                case "boolean" -> v != 0;
                default ->
                    throw new IllegalStateException("hyper-parameter " + cs[i].getName() + " of " + type.getSimpleName()
                            + " is not a number or boolean");
            };
        }
        try {
            Constructor<H> ctor = type.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            return ctor.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot rebuild " + type.getSimpleName() + ": " + e, e);
        }
    }

    private static Object read(RecordComponent c, Record r) {
        try {
            var accessor = c.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "cannot read " + c.getName() + " of " + r.getClass().getSimpleName(), e);
        }
    }
}

package dev.descent.optim;

import dev.descent.autograd.GradMode;
import dev.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Updates parameters from their gradients. Parameters come in {@link ParamGroup}s, each with its own learning rate and
 * hyper-parameters {@code H}; per-parameter state (moment buffers, step counts) is created on a parameter's first step.
 * A subclass writes its update rule once, in {@link #update}, which runs without graph recording and is skipped for
 * parameters that got no gradient.
 *
 * <p>{@link #stateDict()} captures everything a resumed run needs (hyper-parameters, learning rates, step counts,
 * buffers); parameters are numbered in group order, as in PyTorch.
 */
public abstract class Optimizer<H extends Record> implements LearningRates {
    private final H defaults;
    private final List<ParamGroup<H>> groups = new ArrayList<>();
    private final IdentityHashMap<Tensor, ParamState> state = new IdentityHashMap<>();

    protected Optimizer(Iterable<? extends Tensor> params, double lr, H defaults) {
        Check.positive("lr", "learning rate", lr);
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        addGroup(params, lr, defaults);
    }

    /** One parameter's update: {@code grad} is its gradient (never null), {@code state} its own state. */
    protected abstract void update(Tensor param, Tensor grad, double lr, H hyper, ParamState state);

    /** Applies one update to every parameter that has a gradient. */
    public void step() {
        try (var _ = GradMode.noGrad()) {
            for (ParamGroup<H> g : groups) {
                for (Tensor p : g.params()) {
                    Tensor grad = p.grad();
                    if (grad == null) continue;
                    update(p, grad, g.lr(), g.hyper(), state.computeIfAbsent(p, k -> new ParamState()));
                }
            }
        }
    }

    /**
     * What {@link #update} does on the host besides its kernels, for a step whose kernels a replayed graph is about to
     * run: count the step and set the {@link dev.descent.backend.HostScalar}s the kernels read (Adam's bias-corrected
     * factors), with the same double arithmetic as {@link #update}. Only an update whose Java control flow does not
     * depend on t may read host scalars: a replay cannot take another branch.
     */
    protected void prepareReplay(double lr, H hyper, ParamState state) {
        state.advance();
    }

    /**
     * What a frozen (traced) update holds besides tensors and host scalars, compared before each replay: when it
     * changes, the update must be traced again. Every group's hyper-parameters, and its learning rate unless
     * {@link #learningRateIsHostScalar()}.
     */
    public Object frozenUpdateKey() {
        boolean lrIsRead = learningRateIsHostScalar();
        List<Object> key = new ArrayList<>();
        for (ParamGroup<H> g : groups) key.add(lrIsRead ? List.of(g.hyper()) : List.of(g.lr(), g.hyper()));
        return key;
    }

    /**
     * Whether {@link #update} passes the learning rate to its kernels only inside host scalars that
     * {@link #prepareReplay} sets: then a schedule that changes it every batch needs no new trace.
     */
    protected boolean learningRateIsHostScalar() {
        return false;
    }

    /**
     * Readies a step whose update runs elsewhere, in a replayed graph that recorded {@link #step()}'s kernels, as
     * {@link #step()} would: called before the replay, it counts the step (checkpoints, and the formulas that depend on
     * t, then see the same count as in eager mode) and sets the host scalars the replayed kernels read.
     */
    public void prepareReplayedStep() {
        for (ParamGroup<H> g : groups) {
            for (Tensor p : g.params()) {
                if (p.grad() != null) prepareReplay(g.lr(), g.hyper(), state.computeIfAbsent(p, k -> new ParamState()));
            }
        }
    }

    /**
     * Evaluates {@code closure} (which zeroes the gradients, computes the loss and calls backward) with gradients on,
     * then steps; returns the loss. Optimizers that re-evaluate the loss, like L-BFGS, override this, so a trainer that
     * always steps through a closure supports them all.
     */
    public Tensor step(Supplier<Tensor> closure) {
        Objects.requireNonNull(closure, "closure");
        Tensor loss;
        try (var _ = GradMode.enableGrad()) {
            loss = closure.get();
        }
        step();
        return loss;
    }

    /** Drops every parameter's gradient (sets it to null, PyTorch's default): the next backward starts afresh. */
    public void zeroGrad() {
        zeroGrad(true);
    }

    /**
     * Clears the gradients: set to null (the default), or zeroed in place so the next backward can write into the same
     * buffers (cache-warm memory instead of fresh allocations every step).
     */
    public void zeroGrad(boolean setToNone) {
        for (ParamGroup<H> g : groups) {
            for (Tensor p : g.params()) {
                if (setToNone) p.setGrad(null);
                else p.zeroGradInPlace();
            }
        }
    }

    public void addParamGroup(Iterable<? extends Tensor> params) {
        addParamGroup(params, groups.getFirst().initialLr(), defaults);
    }

    public void addParamGroup(Iterable<? extends Tensor> params, double lr) {
        addParamGroup(params, lr, defaults);
    }

    public void addParamGroup(Iterable<? extends Tensor> params, double lr, H hyper) {
        Check.positive("lr", "learning rate", lr);
        addGroup(params, lr, Objects.requireNonNull(hyper, "hyper-parameters must not be null"));
    }

    @SuppressWarnings("ReferenceEquality") // Tensor.equals is identity too; == says so at the call
    private void addGroup(Iterable<? extends Tensor> params, double lr, H hyper) {
        Objects.requireNonNull(params, "params");
        List<Tensor> list = new ArrayList<>();
        int base = 0;
        for (ParamGroup<H> g : groups) base += g.params().size();
        for (Tensor p : params) {
            int index = base + list.size();
            if (p == null) throw new IllegalArgumentException("parameter " + index + " is null");
            if (!p.dtype().isFloatingPoint()) {
                throw new IllegalArgumentException("parameter " + index + " is "
                        + p.dtype().label() + "; only floating-point tensors can be optimized");
            }
            if (!p.isLeaf()) {
                throw new IllegalArgumentException("parameter " + index + " is not a leaf (it was computed by "
                        + p.gradFn().name() + "); optimize the tensor it was computed from");
            }
            if (contains(p) || list.stream().anyMatch(q -> q == p)) {
                throw new IllegalArgumentException(
                        "parameter " + index + " " + p.shape() + " appears more than once across the parameter groups");
            }
            list.add(p);
        }
        if (list.isEmpty()) throw new IllegalArgumentException("optimizer got an empty parameter list");
        groups.add(new ParamGroup<>(list, lr, hyper));
    }

    @SuppressWarnings("ReferenceEquality") // Tensor.equals is identity too; == says so at the call
    private boolean contains(Tensor p) {
        for (ParamGroup<H> g : groups) {
            for (Tensor q : g.params()) if (q == p) return true;
        }
        return false;
    }

    public List<ParamGroup<H>> paramGroups() {
        return Collections.unmodifiableList(groups);
    }

    /** The groups' learning rates, which schedules drive. */
    @Override
    public List<ParamGroup<H>> learningRates() {
        return paramGroups();
    }

    /** The hyper-parameters new groups get unless given others. */
    public H defaults() {
        return defaults;
    }

    /** Every parameter, numbered in group order as in the state dict. */
    public List<Tensor> allParams() {
        List<Tensor> all = new ArrayList<>();
        for (ParamGroup<H> g : groups) all.addAll(g.params());
        return all;
    }

    /** The state of {@code param}, or null before its first step. */
    public ParamState state(Tensor param) {
        return state.get(param);
    }

    /** The first group's learning rate (the one a trainer logs). */
    @Override
    public double lr() {
        return groups.getFirst().lr();
    }

    /** Sets every group's learning rate. */
    public void setLr(double lr) {
        for (ParamGroup<H> g : groups) g.setLr(lr);
    }

    /**
     * A snapshot (copies, safe to keep while training goes on): scalars {@code groups.<g>.lr},
     * {@code groups.<g>.initial_lr}, {@code groups.<g>.params} and one per hyper-parameter ({@code groups.<g>.beta1});
     * {@code state.<i>.step}; tensors {@code state.<i>.<buffer>}.
     */
    public StateDict stateDict() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, Double> scalars = new LinkedHashMap<>();
        scalars.put("groups", (double) groups.size());
        for (int g = 0; g < groups.size(); g++) {
            ParamGroup<H> group = groups.get(g);
            String prefix = "groups." + g + ".";
            scalars.put(prefix + "params", (double) group.params().size());
            scalars.put(prefix + "lr", group.lr());
            scalars.put(prefix + "initial_lr", group.initialLr());
            HyperParams.toScalars(group.hyper()).forEach((k, v) -> scalars.put(prefix + k, v));
        }
        List<Tensor> all = allParams();
        try (var _ = GradMode.noGrad()) {
            for (int i = 0; i < all.size(); i++) {
                ParamState s = state.get(all.get(i));
                if (s == null) continue;
                scalars.put("state." + i + ".step", (double) s.step());
                for (var e : s.buffers().entrySet())
                    tensors.put("state." + i + "." + e.getKey(), e.getValue().clone());
            }
        }
        return new StateDict(tensors, scalars);
    }

    /**
     * Restores a {@link #stateDict()} saved by the same kind of optimizer over parameters of the same shapes:
     * hyper-parameters, learning rates and per-parameter state, so that the next step is the one an uninterrupted run
     * would take. Nothing changes when the state does not fit.
     */
    @SuppressWarnings("unchecked")
    public void loadStateDict(StateDict saved) {
        Objects.requireNonNull(saved, "state dict");
        int savedGroups = (int) saved.scalar("groups");
        if (savedGroups != groups.size()) {
            throw new IllegalArgumentException(
                    "state dict has " + savedGroups + " parameter groups, the optimizer has " + groups.size());
        }
        List<H> hypers = new ArrayList<>();
        double[] lrs = new double[groups.size()];
        double[] initialLrs = new double[groups.size()];
        for (int g = 0; g < groups.size(); g++) {
            String prefix = "groups." + g + ".";
            int n = (int) saved.scalar(prefix + "params");
            if (n != groups.get(g).params().size()) {
                throw new IllegalArgumentException(
                        "state dict's parameter group " + g + " has " + n + " parameters, the optimizer's has "
                                + groups.get(g).params().size());
            }
            lrs[g] = saved.scalar(prefix + "lr");
            initialLrs[g] = saved.scalar(prefix + "initial_lr");
            try {
                hypers.add(HyperParams.fromScalars((Class<H>) defaults.getClass(), saved, prefix));
            } catch (HyperParameterException e) {
                throw new IllegalArgumentException("state dict's parameter group " + g + ": " + e.getMessage(), e);
            }
        }
        List<Tensor> all = allParams();
        IdentityHashMap<Tensor, ParamState> loaded = new IdentityHashMap<>();
        try (var _ = GradMode.noGrad()) {
            for (var e : saved.scalars().entrySet()) {
                String key = e.getKey();
                if (!key.startsWith("state.")) continue;
                Tensor p = paramOf(key, all);
                if (!key.endsWith(".step"))
                    throw new IllegalArgumentException("state dict has an unexpected number '" + key + "'");
                loaded.computeIfAbsent(p, k -> new ParamState()).setStep((long) (double) e.getValue());
            }
            for (var e : saved.tensors().entrySet()) {
                String key = e.getKey();
                if (!key.startsWith("state.")) continue;
                Tensor p = paramOf(key, all);
                Tensor src = e.getValue();
                if (!src.shape().equals(p.shape())) {
                    throw new IllegalArgumentException(key + " has shape " + src.shape() + " but parameter "
                            + all.indexOf(p) + " has shape " + p.shape());
                }
                ParamState s = loaded.get(p);
                if (s == null)
                    throw new IllegalArgumentException(
                            "state dict has " + key + " but no step count for its parameter");
                s.put(
                        key.substring(key.indexOf('.', "state.".length()) + 1),
                        Tensor.zerosLike(p).copy_(src));
            }
        }
        for (int g = 0; g < groups.size(); g++) {
            groups.get(g).setLr(lrs[g]);
            groups.get(g).setInitialLr(initialLrs[g]);
            groups.get(g).setHyper(hypers.get(g));
        }
        state.clear();
        state.putAll(loaded);
    }

    private static Tensor paramOf(String key, List<Tensor> all) {
        int dot = key.indexOf('.', "state.".length());
        int index;
        try {
            index = Integer.parseInt(key.substring("state.".length(), dot < 0 ? key.length() : dot));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "state dict key '" + key + "' should look like state.<parameter index>.<name>");
        }
        if (dot < 0 || index < 0 || index >= all.size()) {
            throw new IllegalArgumentException("state dict key '" + key + "' refers to parameter " + index
                    + " but the optimizer has " + all.size() + " parameters");
        }
        return all.get(index);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(lr=" + lr() + ", " + defaults + ", " + groups.size() + " group(s), "
                + allParams().size() + " params)";
    }
}

package dev.descent.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Descent against PyTorch on randomized cases: every op family (elementwise ops with broadcasting, dtype promotion over
 * every pair of dtypes with 0-dim and Python-number operands, reductions, indexing, shapes and views, matmul,
 * convolution, pooling and padding, nn functionals, losses, in-place ops and their autograd, second derivatives,
 * optimizers and lr schedules), on contiguous and non-contiguous inputs. Cases are drawn from a seed, run by Descent
 * here and by PyTorch in one Python process ({@link TorchOracle}), and compared value by value ({@link Compare}).
 *
 * <pre>{@code
 * Report r = Conformance.run(new Conformance.Options(42, 3000, Set.of(), TorchOracle.python(), -1));
 * r.print(System.out, 20); // ... "2998 passed, 2 failed"
 * }</pre>
 */
public final class Conformance {
    private Conformance() {}

    /**
     * @param families the families to draw from; empty means all
     * @param only a single case id to run (its reproduction), or -1 for cases 0 to {@code cases - 1}
     * @param replay a case as JSON (from a failure's reproduction, perhaps edited) to run instead, or null
     */
    public record Options(long seed, int cases, Set<String> families, String python, int only, String replay) {
        public Options(long seed, int cases, Set<String> families, String python, int only) {
            this(seed, cases, families, python, only, null);
        }
    }

    static List<Family> families() {
        return List.of(
                new ElementwiseCases(),
                new PromotionCases(),
                new ReductionCases(),
                new IndexingCases(),
                new ShapeCases(),
                new ConvCases(),
                new FunctionalCases(),
                new LossCases(),
                new InPlaceCases(),
                new SecondOrderCases(),
                new OptimizerCases(),
                new ScheduleCases());
    }

    public static List<String> familyNames() {
        return families().stream().map(Family::name).toList();
    }

    /** Case {@code id} of the run seeded {@code seed}: the same two numbers always give the same case. */
    static Case generate(long seed, int id, List<Family> from) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + id);
        int total = from.stream().mapToInt(Family::weight).sum();
        int pick = r.nextInt(total);
        Family f = from.getFirst();
        for (Family candidate : from) {
            if (pick < candidate.weight()) {
                f = candidate;
                break;
            }
            pick -= candidate.weight();
        }
        return f.draw(new CaseBuilder(seed, id, f.name(), r));
    }

    public static Report run(Options o) {
        List<Family> all = families();
        List<Family> chosen = o.families().isEmpty()
                ? all
                : all.stream().filter(f -> o.families().contains(f.name())).toList();
        if (chosen.isEmpty())
            throw new IllegalArgumentException(
                    "no conformance family among " + o.families() + "; known: " + familyNames());
        Map<String, Op> ops = new HashMap<>();
        Map<String, Double> tolerance = new HashMap<>();
        for (Family f : all) f.register(ops);
        long start = System.nanoTime();
        List<Case> cases = new ArrayList<>();
        if (o.replay() != null) cases.add(Json.readCase(o.replay()));
        else if (o.only() >= 0) cases.add(generate(o.seed(), o.only(), chosen));
        else for (int id = 0; id < o.cases(); id++) cases.add(generate(o.seed(), id, chosen));
        for (Family f : all) tolerance.put(f.name(), f.tolerance());

        // PyTorch works through the cases in its own process while Descent runs them here.
        List<Outcome> torch, descentOutcomes = new ArrayList<>();
        try (TorchOracle oracle = TorchOracle.start(o.python())) {
            CompletableFuture<List<Outcome>> pending = CompletableFuture.supplyAsync(() -> oracle.run(cases));
            DescentRunner descent = new DescentRunner(ops);
            for (Case c : cases) descentOutcomes.add(descent.run(c));
            torch = pending.join();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the PyTorch side with " + o.python(), e);
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        int passed = 0;
        List<Report.Failure> failures = new ArrayList<>();
        Map<KnownDifference, Integer> known = new EnumMap<>(KnownDifference.class);
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            Outcome d = descentOutcomes.get(i), t = torch.get(i);
            double tol = tolerance.getOrDefault(c.family(), 1.0);
            String difference = Compare.difference(d, t, tol, KnownDifference.singlePrecision(c, t));
            if (difference == null) {
                passed++;
                continue;
            }
            KnownDifference k = KnownDifference.explaining(c, d, t, tol);
            if (k != null) {
                known.merge(k, 1, Integer::sum);
                passed++;
            } else {
                failures.add(new Report.Failure(c, difference, d, t));
            }
        }
        return new Report(o.seed(), passed, failures, known, Duration.ofNanos(System.nanoTime() - start));
    }
}

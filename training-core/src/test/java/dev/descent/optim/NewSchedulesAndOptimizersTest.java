package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.backend.DType;
import dev.descent.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** NAdam, RAdam and the schedules MultiStepLR, LinearLR, OneCycleLR, CosineAnnealingWarmRestarts, against PyTorch. */
class NewSchedulesAndOptimizersTest {

    /** Three steps on sum((p - 0.25)^2) + 0.1 sum(p^4) from [1, -2, 0.5]. */
    private static double[][] trajectory(Function<List<Tensor>, Optimizer<?>> make) {
        Tensor p = Tensor.fromArray(new double[] {1, -2, 0.5}).requiresGrad_();
        Optimizer<?> opt = make.apply(List.of(p));
        double[][] out = new double[3][];
        for (int s = 0; s < 3; s++) {
            opt.zeroGrad();
            p.sub(0.25).square().sum().add(p.pow(4L).sum().mul(0.1)).backward();
            opt.step();
            out[s] = p.toDoubleArray();
        }
        return out;
    }

    @Test
    void radamMatchesPyTorch() {
        double[][] t = trajectory(ps -> new RAdam(ps, 0.1));
        assertThat(t[0]).containsExactly(new double[] {0.81, -1.23, 0.445}, within(1e-12));
        assertThat(t[2])
                .containsExactly(
                        new double[] {0.5152581702899947, -0.24476348732116415, 0.35426691758755613}, within(1e-9));
        double[][] wd = trajectory(ps -> new RAdam(ps, 0.1, new RAdam.Hyper(0.9, 0.5, 1e-8, 0.1)));
        assertThat(wd[2])
                .containsExactly(
                        new double[] {0.4923246330359135, -0.2060245560306354, 0.3418896768911399}, within(1e-9));
    }

    @Test
    void nadamFollowsThePaperForItsMomentumProduct() {
        // One step: mu_1 = 0.9 (1 - 0.5 * 0.96^0.004), mu_2 likewise; W -= a (1 - mu_1) g / ... + a mu_2 v / (1 - mu_1
        // mu_2)
        Tensor p = Tensor.fromArray(new double[] {1}).requiresGrad_();
        NAdam opt = new NAdam(List.of(p), 0.1);
        p.square().sum().backward(); // g = 2
        opt.step();
        double mu1 = 0.9 * (1 - 0.5 * Math.pow(0.96, 0.004)), mu2 = 0.9 * (1 - 0.5 * Math.pow(0.96, 0.008));
        double denom = Math.sqrt(4) + 1e-8;
        double expected = 1 - 0.1 * (1 - mu1) / (1 - mu1) * 2 / denom - 0.1 * mu2 / (1 - mu1 * mu2) * 0.2 / denom;
        assertThat(p.item()).isCloseTo(expected, within(1e-12));
        assertThat(opt.state(p).buffer("mu_product").item()).isCloseTo(mu1, within(1e-15));
    }

    private static double[] lrs(Function<SGD, LrScheduler> make, int steps) {
        SGD opt = new SGD(List.of(Tensor.zeros(DType.FLOAT32, 1).requiresGrad_()), 0.1);
        LrScheduler s = make.apply(opt);
        double[] out = new double[steps + 1];
        out[0] = opt.lr();
        for (int i = 1; i <= steps; i++) {
            s.step();
            out[i] = opt.lr();
        }
        return out;
    }

    @Test
    void multiStepAndLinearMatchPyTorch() {
        assertThat(lrs(o -> new MultiStepLR(o, new int[] {2, 5, 5}, 0.5), 8))
                .containsExactly(
                        new double[] {0.1, 0.1, 0.05, 0.05, 0.05, 0.0125, 0.0125, 0.0125, 0.0125}, within(1e-15));
        assertThat(lrs(o -> new LinearLR(o, 0.25, 1.0, 4), 6))
                .containsExactly(new double[] {0.025, 0.04375, 0.0625, 0.08125, 0.1, 0.1, 0.1}, within(1e-15));
    }

    @Test
    void oneCycleMatchesPyTorchAndHoldsItsFinalRateAtTheLastStep() {
        assertThat(lrs(o -> new OneCycleLR(o, 1.0, 10), 10))
                .containsExactly(
                        new double[] {
                            0.04,
                            0.52,
                            1.0,
                            0.9504846320134737,
                            0.8117456539497631,
                            0.6112620219362893,
                            0.38874197806371075,
                            0.18825834605023697,
                            0.049519367986526286,
                            4e-06,
                            4e-06
                        },
                        within(1e-12));
        assertThat(lrs(o -> new OneCycleLR(o, 1.0, 10, 0.3, OneCycleLR.Anneal.LINEAR, 25, 1e4, true), 9))
                .containsExactly(
                        new double[] {0.04, 0.52, 1.0, 0.52, 0.04, 0.0320008, 0.0240016, 0.0160024, 0.0080032, 4e-06},
                        within(1e-12));
        SGD opt = new SGD(List.of(Tensor.zeros(1).requiresGrad_()), 0.1);
        OneCycleLR s = new OneCycleLR(opt, 1.0, 2);
        s.step();
        s.step();
        assertThatThrownBy(s::step).hasMessageContaining("past its total");
    }

    @Test
    void warmRestartsMatchPyTorch() {
        assertThat(lrs(o -> new CosineAnnealingWarmRestarts(o, 2, 2, 0.01), 10))
                .containsExactly(
                        new double[] {
                            0.1,
                            0.055,
                            0.1,
                            0.08681980515339464,
                            0.055,
                            0.023180194846605363,
                            0.1,
                            0.0965745789630079,
                            0.08681980515339464,
                            0.07222075445642905,
                            0.055
                        },
                        within(1e-12));
    }

    @Test
    void theNewOptimizersAreConfigurableByName() {
        Tensor p = Tensor.zeros(2).requiresGrad_();
        var nadam = Optimizers.create(
                new dev.descent.spec.OptimizerConfig("nadam", 0.002, java.util.Map.of("momentumDecay", 0.01)),
                List.of(p));
        assertThat(nadam).isInstanceOf(NAdam.class);
        assertThat(((NAdam) nadam).defaults().momentumDecay()).isEqualTo(0.01);
        assertThat(Optimizers.create(dev.descent.spec.OptimizerConfig.of("radam", 0.001), List.of(p)))
                .isInstanceOf(RAdam.class);
    }
}

package dev.descent.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.descent.data.DataSplits;
import dev.descent.data.Dataset;
import dev.descent.data.Datasets;
import dev.descent.data.ImageDatasets;
import dev.descent.data.TensorDataset;
import dev.descent.spec.BuiltinModels;
import dev.descent.spec.ModelSpec;
import dev.descent.spec.OptimizerConfig;
import dev.descent.spec.TrainConfig;
import dev.descent.spec.TrainJob;
import dev.descent.spec.TrainResult;
import dev.descent.spec.TrainingEngines;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * keras-mlp and lenet trained with the same config and seed on both engines end within 1.5 points of test accuracy of
 * each other on Fashion-MNIST. To keep this module's tests to minutes on two shared cores, each run trains one epoch on
 * the first 30,000 of the 60,000 training images; the test set is all 10,000 test images.
 */
class FashionMnistParityTest {
    static final int TRAIN_IMAGES = 30_000;
    static DataSplits data;

    @BeforeAll
    static void load() {
        assumeThat(DjlEngine.unavailableReason()).as("libtorch natives").isNull();
        assumeThat(Files.isDirectory(ImageDatasets.FASHION_MNIST_DIR))
                .as("Fashion-MNIST in " + ImageDatasets.FASHION_MNIST_DIR)
                .isTrue();
        DataSplits all = Datasets.resolve("fashion-mnist");
        int[] first = new int[TRAIN_IMAGES];
        for (int i = 0; i < first.length; i++) first[i] = i;
        Dataset train = ((TensorDataset) all.train()).subset(first);
        data = new DataSplits("fashion-mnist (first " + TRAIN_IMAGES + ")", train, all.test());
    }

    @ParameterizedTest
    @CsvSource({"keras-mlp, rmsprop, 0.001", "lenet, adam, 0.001"})
    void bothEnginesEndWithinOneAndAHalfPointsOfTestAccuracy(String model, String optimizer, double lr) {
        ModelSpec spec = BuiltinModels.builtin(model);
        TrainConfig config = TrainConfig.of(OptimizerConfig.of(optimizer, lr))
                .withBatchSize(128)
                .withEpochs(1)
                .withSeed(42);
        TrainResult nativeRun = TrainingEngines.get("native").train(new TrainJob(spec, config, data, null), null, null);
        TrainResult djlRun =
                TrainingEngines.get("djl").train(new TrainJob(spec, config.withEngine("djl"), data, null), null, null);

        double nativeAccuracy = nativeRun.metrics().get("test/accuracy"),
                djlAccuracy = djlRun.metrics().get("test/accuracy");
        System.out.printf(
                "%s: test accuracy native %.4f, djl %.4f; epoch seconds native %s, djl %s%n",
                model, nativeAccuracy, djlAccuracy, nativeRun.epochSeconds(), djlRun.epochSeconds());
        assertThat(nativeRun.status()).isEqualTo(TrainResult.Status.SUCCEEDED);
        assertThat(djlRun.status()).isEqualTo(TrainResult.Status.SUCCEEDED);
        // Both learn (chance is 10%), and to the same point.
        assertThat(nativeAccuracy).isGreaterThan(0.65);
        assertThat(djlAccuracy).isCloseTo(nativeAccuracy, org.assertj.core.api.Assertions.within(0.015));
    }
}

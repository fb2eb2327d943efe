package dev.descent.djl;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.descent.cli.bench.BenchTarget;
import dev.descent.testing.NameRules;
import dev.descent.testing.PackageDocs;
import dev.descent.train.ModelBuilder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The djl engine builds on training-core's contract ({@code spec}) and the pieces below it that make both engines
 * agree: {@code data} (the same batches), {@code tensor}/{@code backend} values (host copies, dtypes, the seeded
 * generator), {@code io} (safetensors), {@code optim}'s hyper-parameter records and lr schedules (the same options and
 * rates), and one piece of the native engine, {@code train.ModelBuilder}, which draws the initial weights both engines
 * start from. It implements {@code cli.bench.BenchTarget} for the bench. It never reaches into native modules, ops or
 * autograd.
 */
@AnalyzeClasses(packages = "dev.descent", importOptions = NameRules.MainCodeOnly.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule theDjlEngineUsesNoNativeModulesOpsOrAutograd = noClasses()
            .that()
            .resideInAPackage("dev.descent.djl..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.descent.autograd..",
                    "dev.descent.ops..",
                    "dev.descent.nn..",
                    "dev.descent.loss..",
                    "dev.descent.gradcheck..",
                    "dev.descent.backend.cpu..");

    @ArchTest
    static final ArchRule ofTheNativeEngineOnlyTheModelBuilder = noClasses()
            .that()
            .resideInAPackage("dev.descent.djl..")
            .should()
            .dependOnClassesThat(resideInAPackage("dev.descent.train..").and(not(belongToAnyOf(ModelBuilder.class))));

    @ArchTest
    static final ArchRule ofTheCliOnlyTheBenchTarget = noClasses()
            .that()
            .resideInAPackage("dev.descent.djl..")
            .should()
            .dependOnClassesThat(resideInAPackage("dev.descent.cli..").and(not(belongToAnyOf(BenchTarget.class))));

    /** Across training-core and engine-djl: RmsProp next to RMSprop, or a second Losses, fails here. */
    @ArchTest
    static final ArchRule oneMeaningPerName = NameRules.oneMeaningPerName();

    @Test
    void everyPackageHasAPackageInfo() {
        Path main = Path.of("src/main/java");
        assertThat(main).isDirectory();
        assertThat(PackageDocs.packagesWithoutPackageInfo(main)).isEmpty();
    }
}

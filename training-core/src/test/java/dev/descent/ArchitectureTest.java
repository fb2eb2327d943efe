package dev.descent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.descent.testing.NameRules;
import dev.descent.testing.PackageDocs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The layering of training-core, as each package's {@code package-info} states it, from the bottom: {@code backend}
 * (kernels, storage, dtypes; imports nothing of Descent); the tensor core {@code tensor}, {@code autograd} and
 * {@code ops} (one layer: a tensor's methods run ops, ops record autograd nodes); {@code io} and {@code data}; the
 * modules {@code nn} and {@code loss}; the engine contract {@code spec}; {@code optim}; {@code gradcheck}; the native
 * engine {@code train}; the cross-check against PyTorch {@code conformance}; and {@code cli} on top. A layer imports
 * only layers below it.
 */
@AnalyzeClasses(packages = "dev.descent", importOptions = NameRules.MainCodeOnly.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule layersImportOnlyLayersBelowThem = layeredArchitecture()
            .consideringOnlyDependenciesInAnyPackage("dev.descent..")
            .layer("backend")
            .definedBy("dev.descent.backend..")
            .layer("tensor core")
            .definedBy("dev.descent.tensor..", "dev.descent.autograd..", "dev.descent.ops..")
            .layer("graph")
            .definedBy("dev.descent.graph..")
            .layer("io")
            .definedBy("dev.descent.io..")
            .layer("data")
            .definedBy("dev.descent.data..")
            .layer("modules")
            .definedBy("dev.descent.nn..", "dev.descent.loss..")
            .layer("spec")
            .definedBy("dev.descent.spec..")
            .layer("optim")
            .definedBy("dev.descent.optim..")
            .layer("gradcheck")
            .definedBy("dev.descent.gradcheck..")
            .layer("onnx")
            .definedBy("dev.descent.onnx..")
            .layer("train")
            .definedBy("dev.descent.train..")
            .layer("conformance")
            .definedBy("dev.descent.conformance..")
            .layer("cli")
            .definedBy("dev.descent.cli..")
            .whereLayer("backend")
            .mayNotAccessAnyLayer()
            .whereLayer("tensor core")
            .mayOnlyAccessLayers("backend")
            .whereLayer("graph")
            .mayOnlyAccessLayers("tensor core", "backend")
            .whereLayer("io")
            .mayOnlyAccessLayers("tensor core", "backend")
            .whereLayer("data")
            .mayOnlyAccessLayers("tensor core", "backend")
            .whereLayer("modules")
            .mayOnlyAccessLayers("io", "tensor core", "backend")
            .whereLayer("spec")
            .mayOnlyAccessLayers("data", "io", "tensor core", "backend")
            .whereLayer("optim")
            .mayOnlyAccessLayers("spec", "tensor core", "backend")
            .whereLayer("gradcheck")
            .mayOnlyAccessLayers("modules", "tensor core", "backend")
            .whereLayer("onnx")
            .mayOnlyAccessLayers("spec", "tensor core", "backend")
            .whereLayer("train")
            .mayOnlyAccessLayers("spec", "optim", "modules", "data", "io", "graph", "tensor core", "backend")
            .whereLayer("conformance")
            .mayOnlyAccessLayers("optim", "modules", "tensor core", "backend");

    /** As ATen knows nothing of autograd: kernels see a StridedView, never a Tensor. */
    @ArchTest
    static final ArchRule kernelsKnowNothingOfTensorsOrAutograd = noClasses()
            .that()
            .resideInAPackage("dev.descent.backend..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.descent.tensor..",
                    "dev.descent.autograd..",
                    "dev.descent.ops..",
                    "dev.descent.nn..",
                    "dev.descent.optim..",
                    "dev.descent.spec..",
                    "dev.descent.train..");

    @ArchTest
    static final ArchRule optimizersDoNotReachUpIntoTheTrainerOrTheCli = noClasses()
            .that()
            .resideInAPackage("dev.descent.optim..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.descent.train..", "dev.descent.cli..");

    /** Every engine builds on the contract, so it may not lean on one engine's internals. */
    @ArchTest
    static final ArchRule theContractKnowsNoEngine = noClasses()
            .that()
            .resideInAPackage("dev.descent.spec..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.descent.train..",
                    "dev.descent.cli..",
                    "dev.descent.nn..",
                    "dev.descent.loss..",
                    "dev.descent.optim..",
                    "dev.descent.autograd..",
                    "dev.descent.ops..",
                    "dev.descent.gradcheck..",
                    "dev.descent.backend.cpu..");

    /** Backends are found with ServiceLoader; nothing names one. */
    @ArchTest
    static final ArchRule theCpuBackendIsReachedOnlyThroughTheSpi = noClasses()
            .that()
            .resideOutsideOfPackage("dev.descent.backend.cpu..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.descent.backend.cpu..");

    @ArchTest
    static final ArchRule theCudaBackendIsReachedOnlyThroughTheSpi = noClasses()
            .that()
            .resideOutsideOfPackage("dev.descent.backend.cuda..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.descent.backend.cuda..");

    /** Each backend stands alone: the GPU one does not borrow the CPU one's kernels, nor the reverse. */
    @ArchTest
    static final ArchRule backendsDoNotUseEachOther = noClasses()
            .that()
            .resideInAPackage("dev.descent.backend.cuda..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.descent.backend.cpu..");

    @ArchTest
    static final ArchRule oneMeaningPerName = NameRules.oneMeaningPerName();

    @Test
    void theNameRuleFindsTwoClassesWhoseNamesDifferOnlyInCase() {
        JavaClasses twins = new ClassFileImporter().importPackages("dev.descent.archfixture");
        EvaluationResult result = NameRules.oneMeaningPerName().evaluate(twins);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anySatisfy(
                        d -> assertThat(d)
                                .contains(
                                        "dev.descent.archfixture.a.RmsProp shares its name with dev.descent.archfixture.b.RMSprop"));
    }

    @Test
    void everyPackageHasAPackageInfo() {
        Path main = Path.of("src/main/java");
        assertThat(main).isDirectory();
        assertThat(PackageDocs.packagesWithoutPackageInfo(main)).isEmpty();
    }
}

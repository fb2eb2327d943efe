package dev.descent.platform;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Set;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.repository.Repository;
import org.springframework.web.bind.annotation.RestController;

/**
 * The platform's rules, checked on its compiled classes (docs/architecture.md explains them): features are packages
 * that never form a cycle; controllers speak HTTP and leave SQL and other features' repositories to services; only
 * runs/ and queue/ change a run; the shared packages (web, boot, notify, security) know no feature; and of
 * training-core the platform uses only the engine-neutral contract and the public APIs named below.
 */
@AnalyzeClasses(packages = "dev.descent.platform", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String[] FEATURES = {
        "..platform.datasets..",
        "..platform.models..",
        "..platform.experiments..",
        "..platform.runs..",
        "..platform.queue..",
        "..platform.workers..",
        "..platform.metrics..",
        "..platform.live..",
        "..platform.predictions..",
        "..platform.compare..",
        "..platform.artifacts..",
        "..platform.sweeps.."
    };

    /**
     * The training-core classes the platform may use by simple name, wherever the contract package puts them: the
     * engine-neutral contract (specs, configs, results, checkpoints, metrics, the engine SPI and its cancellation),
     * shape inference for model specs ({@code ModelBuilder.summarize}) and optimizer validation. Data loading
     * ({@code dev.descent.data}) and the tensor API ({@code dev.descent.tensor}) are public APIs as a whole.
     */
    // Beyond the contract package: the optimizer and schedule registries, to check a run's optimizer and schedule
    // before
    // it is queued; and the inference API (a checkpoint's model in eval mode, its inputs, its evaluation, its ONNX
    // export) for predictions.
    private static final Set<String> CORE_CONTRACT =
            Set.of("Optimizers", "Schedules", "TrainedModel", "PredictionInputs", "Evaluation", "OnnxExport");

    @ArchTest
    static final ArchRule featuresFormNoCycles = slices().matching("dev.descent.platform.(*)..")
            .should()
            .beFreeOfCycles()
            .because("a feature that needs another's data reads it through that feature's public service or an"
                    + " interface it declares itself (runs.RunData, runs.LatestMetrics, datasets.DatasetUsage)");

    @ArchTest
    static final ArchRule controllersSpeakHttpOnly = noClasses()
            .that()
            .areAnnotatedWith(RestController.class)
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName("org.springframework.jdbc.core.JdbcTemplate")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("javax.sql.DataSource")
            .orShould()
            .dependOnClassesThat()
            .resideInAnyPackage("java.sql..", "org.postgresql..", "jakarta.persistence..")
            .orShould()
            .dependOnClassesThat()
            .haveFullyQualifiedName("org.springframework.transaction.support.TransactionTemplate")
            .because("SQL, transactions and rendering belong to a feature's services; a controller maps HTTP to them");

    @ArchTest
    static final ArchRule onlyRunsAndTheQueueChangeARun = classes()
            .that()
            .haveSimpleName("RunStore")
            .should()
            .onlyHaveDependentClassesThat()
            .resideInAnyPackage("..platform.runs..", "..platform.queue..")
            .because("every write to a run is a transition of RunStore, reached through RunService or JobQueue");

    @ArchTest
    static final ArchRule sharedPackagesKnowNoFeature = noClasses()
            .that()
            .resideInAnyPackage("..platform.web..", "..platform.boot..", "..platform.notify..", "..platform.security..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(FEATURES);

    @ArchTest
    static final ArchRule ofTrainingCoreOnlyTheContractAndPublicApis = noClasses()
            .should()
            .dependOnClassesThat(trainingCoreInternals())
            .because("the platform plugs into training-core through its contract; the trainer, autograd, ops, nn and"
                    + " backends are training-core's own business");

    @ArchTest
    static final ArchRule noFieldInjection =
            noFields().should().beAnnotatedWith(Autowired.class).because("dependencies come through constructors");

    private static DescribedPredicate<JavaClass> trainingCoreInternals() {
        return DescribedPredicate.describe(
                "training-core classes other than its contract (dev.descent.spec), dev.descent.data,"
                        + " dev.descent.tensor and the dtype of a tensor",
                c -> {
                    String name = c.getName();
                    if (!name.startsWith("dev.descent.") || name.startsWith("dev.descent.platform.")) return false;
                    if (c.getPackageName().startsWith("dev.descent.spec")
                            || c.getPackageName().startsWith("dev.descent.data")
                            || c.getPackageName().startsWith("dev.descent.tensor")
                            || name.equals("dev.descent.backend.DType")) return false;
                    JavaClass top = c;
                    while (top.getEnclosingClass().isPresent())
                        top = top.getEnclosingClass().get();
                    return !CORE_CONTRACT.contains(top.getSimpleName());
                });
    }

    @ArchTest
    static final ArchRule repositoriesAreUsedOnlyInTheirOwnPackage = classes()
            .that()
            .areAssignableTo(Repository.class)
            .and()
            .areInterfaces()
            .should(new ArchCondition<>("be used only by classes of their own package") {
                // A feature's tables are its own: other features ask its service, or an interface they declare.
                @Override
                public void check(JavaClass repository, ConditionEvents events) {
                    repository.getAccessesToSelf().forEach(access -> {
                        JavaClass from = access.getOriginOwner();
                        if (!from.getPackageName().equals(repository.getPackageName()))
                            events.add(SimpleConditionEvent.violated(access, access.getDescription()));
                    });
                    repository.getDirectDependenciesToSelf().forEach(d -> {
                        if (!d.getOriginClass().getPackageName().equals(repository.getPackageName()))
                            events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                    });
                }
            });
}

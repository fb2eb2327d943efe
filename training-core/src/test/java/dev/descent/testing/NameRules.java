package dev.descent.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One name, one meaning: no two top-level classes of the main code share a simple name, letter case aside
 * ({@code RMSprop} and {@code RmsProp} count as one name). Nested types are read with their outer class
 * ({@code LayerSpec.Linear}) and are not counted.
 */
public final class NameRules {
    private NameRules() {}

    /** Every top-level class's simple name is its package's alone. */
    public static ArchRule oneMeaningPerName() {
        return classes()
                .that()
                .areTopLevelClasses()
                .and()
                .doNotHaveSimpleName("package-info")
                .should(haveANameNoOtherPackageUses())
                .because("a name that means two things makes readers check the imports (and forces qualified names)");
    }

    private static ArchCondition<JavaClass> haveANameNoOtherPackageUses() {
        return new ArchCondition<>("have a simple name no other package uses, letter case aside") {
            private Map<String, List<JavaClass>> byName = Map.of();

            @Override
            public void init(Collection<JavaClass> all) {
                byName = all.stream().collect(Collectors.groupingBy(c -> key(c)));
            }

            @Override
            public void check(JavaClass c, ConditionEvents events) {
                List<String> others = byName.getOrDefault(key(c), List.of()).stream()
                        .filter(o -> !o.getPackageName().equals(c.getPackageName()))
                        .map(JavaClass::getName)
                        .sorted()
                        .toList();
                if (!others.isEmpty())
                    events.add(SimpleConditionEvent.violated(
                            c, c.getName() + " shares its name with " + String.join(", ", others)));
            }
        };
    }

    private static String key(JavaClass c) {
        return c.getSimpleName().toLowerCase(Locale.ROOT);
    }

    /**
     * Imports main code only: leaves out this module's test classes and, on another module's class path,
     * training-core's test-jar.
     */
    public static final class MainCodeOnly implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("/test-classes/") && !location.contains("-tests.jar");
        }
    }
}

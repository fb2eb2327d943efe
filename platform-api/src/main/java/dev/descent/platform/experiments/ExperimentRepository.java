package dev.descent.platform.experiments;

import dev.descent.platform.runs.ExperimentLookup;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ExperimentRepository extends JpaRepository<Experiment, Long>, ExperimentLookup {
    boolean existsByName(String name);

    @Override
    default boolean exists(long experimentId) {
        return existsById(experimentId);
    }
}

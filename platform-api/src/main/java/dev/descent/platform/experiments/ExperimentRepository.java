package dev.descent.platform.experiments;

import dev.descent.platform.runs.ExperimentLookup;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ExperimentRepository extends JpaRepository<Experiment, Long>, ExperimentLookup {
    Optional<Experiment> findByName(String name);

    @Override
    default boolean exists(long experimentId) {
        return existsById(experimentId);
    }
}

package dev.descent.platform.experiments;

import org.springframework.data.jpa.repository.JpaRepository;

public interface ExperimentRepository extends JpaRepository<Experiment, Long> {
    boolean existsByName(String name);
}

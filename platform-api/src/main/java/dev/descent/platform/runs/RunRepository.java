package dev.descent.platform.runs;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

import java.util.List;

public interface RunRepository extends JpaRepository<Run, Long>, JpaSpecificationExecutor<Run> {
    List<Run> findByExperimentIdOrderByCreatedAtDescIdDesc(long experimentId);
}

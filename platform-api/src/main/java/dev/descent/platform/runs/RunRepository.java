package dev.descent.platform.runs;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

public interface RunRepository extends JpaRepository<Run, Long>, JpaSpecificationExecutor<Run> {
    List<Run> findByExperimentIdOrderByCreatedAtDescIdDesc(long experimentId);
}

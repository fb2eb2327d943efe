package dev.descent.platform.datasets;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface DatasetRepository extends JpaRepository<DatasetRecord, Long> {
    Optional<DatasetRecord> findBySha256(String sha256);
}

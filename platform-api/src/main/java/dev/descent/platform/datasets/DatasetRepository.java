package dev.descent.platform.datasets;

import org.springframework.data.jpa.repository.JpaRepository;

import java.util.Optional;

public interface DatasetRepository extends JpaRepository<DatasetRecord, Long> {
    Optional<DatasetRecord> findBySha256(String sha256);
}

package dev.descent.platform.models;

import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ModelRepository extends JpaRepository<ModelConfig, Long> {
    Optional<ModelConfig> findFirstByNameOrderByVersionDesc(String name);

    List<ModelConfig> findByNameOrderByVersion(String name);

    Page<ModelConfig> findByName(String name, Pageable pageable);
}

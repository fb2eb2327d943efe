package dev.descent.platform.models;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

import java.util.List;
import java.util.Optional;

public interface ModelRepository extends JpaRepository<ModelConfig, Long> {
    Optional<ModelConfig> findFirstByNameOrderByVersionDesc(String name);

    List<ModelConfig> findByNameOrderByVersion(String name);

    Page<ModelConfig> findByName(String name, Pageable pageable);
}

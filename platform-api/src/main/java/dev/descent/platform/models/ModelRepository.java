package dev.descent.platform.models;

import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ModelRepository extends JpaRepository<ModelConfig, Long> {
    Optional<ModelConfig> findFirstByNameOrderByVersionDesc(String name);

    List<ModelConfig> findByNameOrderByVersion(String name);

    Page<ModelConfig> findByName(String name, Pageable pageable);

    boolean existsByName(String name);

    /** Renames every version of a model, the name inside each stored spec too. */
    @Modifying(clearAutomatically = true)
    @Query(
            value = "update models set name = :to, spec = jsonb_set(spec, '{name}', to_jsonb(cast(:to as text)))"
                    + " where name = :from",
            nativeQuery = true)
    int rename(@Param("from") String from, @Param("to") String to);

    @Modifying(clearAutomatically = true)
    @Query(value = "delete from models where id = :id", nativeQuery = true)
    int deleteVersion(@Param("id") long id);
}

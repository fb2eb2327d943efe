package dev.descent.platform.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The artifacts' specification again, with every artifact past 0 bytes written to a directory. */
class ArtifactDirectoryTest extends ArtifactsTest {
    static final Path DIRECTORY;

    static {
        try {
            DIRECTORY = Files.createTempDirectory("descent-artifacts");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void removeTheDirectory() throws IOException {
        try (Stream<Path> s = Files.walk(DIRECTORY)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    @DynamicPropertySource
    static void directory(DynamicPropertyRegistry registry) {
        registry.add("descent.artifacts.directory", DIRECTORY::toString);
        registry.add("descent.artifacts.inline-max-size", () -> "0B");
    }

    @Test
    void theDirectoryHoldsTheBytesAndPostgresqlOnlyTheirHash() {
        assertThat(properties.directory()).isEqualTo(DIRECTORY);
        long run = trainedRun(http, 1);
        Integer inline = jdbc.queryForObject(
                "select count(*) from artifacts where run_id = ? and content is not null", Integer.class, run);
        assertThat(inline).isZero();
        var paths = jdbc.queryForList("select path from artifacts where run_id = ?", String.class, run);
        assertThat(paths).hasSize(2);
        paths.forEach(p -> assertThat(DIRECTORY.resolve(p)).isRegularFile());
    }
}

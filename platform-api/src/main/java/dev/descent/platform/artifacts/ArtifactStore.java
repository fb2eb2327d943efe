package dev.descent.platform.artifacts;

import dev.descent.platform.runs.RunData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The {@code artifacts} table and the directory beside it. A file is written (to a temporary name, then moved) before
 * its row, and removed again when the row does not commit; a run's files are removed once the transaction that deleted
 * its rows has committed. So a committed row always has its file, and a file outlives its row only by a moment.
 */
@Component
public class ArtifactStore implements RunData {
    private static final Logger log = LoggerFactory.getLogger(ArtifactStore.class);
    /** The names the API and the directory accept: no path separators, no leading dot (migration V14 checks it too). */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    /** The final model's name: {@code GET /api/runs/{id}/model.safetensors} serves it. */
    public static final String MODEL_NAME = "model.safetensors";

    private final JdbcTemplate jdbc;
    private final ArtifactProperties properties;

    ArtifactStore(JdbcTemplate jdbc, ArtifactProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** An artifact's description with where its bytes are: {@code content} in the row, or {@code file} on disk. */
    public record Stored(ArtifactView view, byte[] content, Path file) {}

    /** The name a checkpoint at this position is kept under; a checkpoint taken again at one position replaces it. */
    public static String checkpointName(int epoch, long step) {
        return "checkpoint-epoch-%d-step-%d.safetensors".formatted(epoch, step);
    }

    /**
     * Stores (or replaces) run {@code runId}'s artifact {@code name}: in the row when small or no directory is
     * configured, else in the directory with its SHA-256 in the row. Runs in the caller's transaction if there is one.
     */
    public void save(long runId, String name, ArtifactKind kind, Integer epoch, Long step, byte[] bytes) {
        if (!NAME.matcher(name).matches()) throw new IllegalArgumentException("bad artifact name '" + name + "'");
        String sha256 = sha256(bytes);
        String relative = null;
        Path written = null;
        if (properties.onDisk(bytes.length)) {
            // Named by content too, so a replacement never overwrites the file a committed row still points to.
            relative = "run-" + runId + "/" + sha256.substring(0, 16) + "-" + name;
            Path target = properties.directory().resolve(relative);
            if (!Files.exists(target)) written = write(target, bytes);
        }
        List<String> before = jdbc.queryForList(
                "select path from artifacts where run_id = ? and name = ? and path is not null",
                String.class,
                runId,
                name);
        try {
            jdbc.update(
                    """
                    insert into artifacts (run_id, name, kind, size, sha256, content, path, epoch, step)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    on conflict (run_id, name) do update
                    set kind = excluded.kind, size = excluded.size, sha256 = excluded.sha256,
                        content = excluded.content, path = excluded.path, epoch = excluded.epoch, step = excluded.step,
                        created_at = now()""",
                    runId,
                    name,
                    kind.name(),
                    bytes.length,
                    sha256,
                    relative == null ? bytes : null,
                    relative,
                    epoch,
                    step);
        } catch (RuntimeException e) {
            if (written != null) deleteQuietly(written);
            throw e;
        }
        String kept = relative;
        // The file the row pointed to before is nobody's once this commits.
        List<Path> stale = before.stream()
                .filter(p -> !p.equals(kept))
                .map(p -> properties.directory().resolve(p))
                .toList();
        Path fresh = written;
        if (fresh != null) onRollback(() -> deleteQuietly(fresh));
        afterCommit(() -> stale.forEach(ArtifactStore::deleteQuietly));
    }

    /** A run's artifacts, oldest first. */
    public List<ArtifactView> list(long runId) {
        return jdbc.query(
                """
                select name, kind, size, sha256, epoch, step, created_at from artifacts
                where run_id = ? order by created_at, id""",
                (rs, i) -> new ArtifactView(
                        rs.getString(1),
                        ArtifactKind.valueOf(rs.getString(2)),
                        rs.getLong(3),
                        rs.getString(4),
                        rs.getObject(5, Integer.class),
                        rs.getObject(6, Long.class),
                        rs.getTimestamp(7).toInstant()),
                runId);
    }

    /** One artifact with its bytes (or its file); empty when the run has none of that name. */
    public Optional<Stored> find(long runId, String name) {
        if (!NAME.matcher(name).matches()) return Optional.empty();
        return jdbc
                .query(
                        """
                        select name, kind, size, sha256, epoch, step, created_at, content, path from artifacts
                        where run_id = ? and name = ?""",
                        (rs, i) -> new Stored(
                                new ArtifactView(
                                        rs.getString(1),
                                        ArtifactKind.valueOf(rs.getString(2)),
                                        rs.getLong(3),
                                        rs.getString(4),
                                        rs.getObject(5, Integer.class),
                                        rs.getObject(6, Long.class),
                                        rs.getTimestamp(7).toInstant()),
                                rs.getBytes(8),
                                rs.getString(9) == null
                                        ? null
                                        : properties.directory().resolve(rs.getString(9))),
                        runId,
                        name)
                .stream()
                .findFirst();
    }

    /** Deletes the run's rows now and, once that commits, its files and its directory. */
    @Override
    public void deleteRun(long runId) {
        List<String> paths = jdbc.queryForList(
                "select path from artifacts where run_id = ? and path is not null", String.class, runId);
        jdbc.update("delete from artifacts where run_id = ?", runId);
        if (properties.directory() == null) return;
        Path runDir = properties.directory().resolve("run-" + runId);
        afterCommit(() -> {
            paths.forEach(p -> deleteQuietly(properties.directory().resolve(p)));
            deleteDirectory(runDir);
        });
    }

    private static Path write(Path target, byte[] bytes) {
        try {
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write artifact " + target + ": " + e.getMessage(), e);
        }
    }

    /** A run's directory with whatever is left in it (temporary files of a write that was cut short). */
    private static void deleteDirectory(Path dir) {
        if (!Files.isDirectory(dir)) return;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) deleteQuietly(f);
        } catch (IOException e) {
            log.warn("could not list {} to delete it: {}", dir, e.getMessage());
        }
        deleteQuietly(dir);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("could not delete artifact file {}: {}", file, e.getMessage());
        }
    }

    private static void afterCommit(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

    private static void onRollback(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) return;
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status != STATUS_COMMITTED) action.run();
            }
        });
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

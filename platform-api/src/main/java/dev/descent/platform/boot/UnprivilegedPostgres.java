package dev.descent.platform.boot;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The embedded PostgreSQL for a platform started as root. PostgreSQL's {@code initdb} and {@code postgres} refuse uid
 * 0, so the platform stays root and only the database drops to an unprivileged system user (as a distribution's
 * {@code postgres} account does): that user owns the data directory, and {@code setpriv} runs {@code initdb} and
 * {@code pg_ctl} as it. The binaries are the ones the jar already carries for the unprivileged path (zonky's), unpacked
 * once into a directory every user may read.
 *
 * <p>Layout under {@code dir} (default {@code /var/lib/descent}): {@code postgres/} the cluster (owned by the user,
 * mode 700), {@code postgres-bin/} the binaries (owned by root, world-readable), {@code postgres.log} the server's log.
 */
final class UnprivilegedPostgres implements AutoCloseable {

    static final String SUPERUSER = "postgres";
    private static final long TIMEOUT_S = 120;

    private final Path bin;
    private final Path data;
    private final Path log;
    private final SystemUser user;
    private final Path setpriv;
    private int port;

    private UnprivilegedPostgres(Path dir, SystemUser user, Path setpriv) {
        this.bin = dir.resolve("postgres-bin");
        this.data = dir.resolve("postgres");
        this.log = dir.resolve("postgres.log");
        this.user = user;
        this.setpriv = setpriv;
    }

    /** An unprivileged account to own the cluster and run the server; where none is named, {@code nobody}. */
    record SystemUser(String name, int uid, int gid) {
        static SystemUser lookUp(String name) throws IOException {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"), StandardCharsets.UTF_8)) {
                String[] f = line.split(":", -1);
                if (f.length >= 4 && f[0].equals(name)) {
                    SystemUser u = new SystemUser(name, Integer.parseInt(f[2]), Integer.parseInt(f[3]));
                    if (u.uid == 0) throw new IOException("user '" + name + "' is root; name an unprivileged user");
                    return u;
                }
            }
            throw new IOException("there is no user '" + name + "' in /etc/passwd");
        }
    }

    /** Prepares the directories and binaries, creates the cluster when there is none, and starts the server. */
    static UnprivilegedPostgres start(Path dir, String userName) throws IOException {
        Path setpriv = Path.of("/usr/bin/setpriv");
        if (!Files.isExecutable(setpriv)) setpriv = Path.of("/bin/setpriv");
        if (!Files.isExecutable(setpriv)) throw new IOException("setpriv (util-linux) is not installed");
        UnprivilegedPostgres pg = new UnprivilegedPostgres(dir, SystemUser.lookUp(userName), setpriv);
        pg.prepare(dir);
        pg.startServer();
        return pg;
    }

    int port() {
        return port;
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private void prepare(Path dir) throws IOException {
        Files.createDirectories(dir);
        // Every directory above the cluster must be passable for the user (a /root/... path would not be).
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IOException(p + " is not passable for user '" + user.name()
                        + "' (mode " + PosixFilePermissions.toString(perms) + "); choose another "
                        + "descent.embedded-postgres.dir");
            }
        }
        unpackBinaries();
        if (!Files.isDirectory(data)) {
            Files.createDirectory(
                    data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Files.setAttribute(data, "unix:uid", user.uid(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(data, "unix:gid", user.gid(), LinkOption.NOFOLLOW_LINKS);
        if (!Files.exists(log)) Files.createFile(log);
        Files.setAttribute(log, "unix:uid", user.uid(), LinkOption.NOFOLLOW_LINKS);
        if (!Files.exists(data.resolve("PG_VERSION"))) {
            asUser(List.of(
                    bin.resolve("bin/initdb").toString(),
                    "-A",
                    "trust",
                    "-U",
                    SUPERUSER,
                    "-D",
                    data.toString(),
                    "-E",
                    "UTF-8",
                    "--no-locale"));
        }
    }

    private void startServer() throws IOException {
        port = freePort();
        String options = "-p " + port + " -h 127.0.0.1 -c unix_socket_directories= -F";
        asUser(List.of(
                bin.resolve("bin/pg_ctl").toString(),
                "-D",
                data.toString(),
                "-l",
                log.toString(),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start"));
    }

    @Override
    public void close() throws IOException {
        asUser(List.of(bin.resolve("bin/pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"));
    }

    /** Runs a PostgreSQL program as the user, with no supplementary groups and the environment it needs only. */
    private void asUser(List<String> command) throws IOException {
        List<String> full = new ArrayList<>(
                List.of(setpriv.toString(), "--reuid=" + user.uid(), "--regid=" + user.gid(), "--clear-groups", "--"));
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("HOME", data.getParent().toString());
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command.getFirst() + " did not finish within " + TIMEOUT_S + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.getFirst(), e);
        }
        if (p.exitValue() != 0) {
            String name = Path.of(command.getFirst()).getFileName().toString();
            throw new IOException(name + " as user '" + user.name() + "' exited with " + p.exitValue() + ": "
                    + output.strip().replace('\n', ' ') + " (server log: " + log + ")");
        }
    }

    /** Unpacks the jar's PostgreSQL once; a marker file written last says the unpacking finished. */
    private void unpackBinaries() throws IOException {
        String resource = "postgres-" + os() + "-" + arch() + ".txz";
        Path done = bin.resolve(".unpacked-" + resource);
        if (Files.exists(done)) return;
        InputStream txz = UnprivilegedPostgres.class.getClassLoader().getResourceAsStream(resource);
        if (txz == null) throw new IOException("this jar carries no PostgreSQL for " + os() + "-" + arch());
        Path staging = Files.createTempDirectory(bin.getParent(), ".postgres-bin-");
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(txz)))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                Path target = staging.resolve(e.getName()).normalize();
                if (!target.startsWith(staging))
                    throw new IOException("unsafe path in " + resource + ": " + e.getName());
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else if (e.isSymbolicLink()) {
                    Files.createDirectories(target.getParent());
                    Files.createSymbolicLink(target, Path.of(e.getLinkName()));
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                    boolean executable = (e.getMode() & 0100) != 0;
                    Files.setPosixFilePermissions(
                            target, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        try (var dirs = Files.walk(staging)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                Files.setPosixFilePermissions(
                        d,
                        EnumSet.of(
                                PosixFilePermission.OWNER_READ,
                                PosixFilePermission.OWNER_WRITE,
                                PosixFilePermission.OWNER_EXECUTE,
                                PosixFilePermission.GROUP_READ,
                                PosixFilePermission.GROUP_EXECUTE,
                                PosixFilePermission.OTHERS_READ,
                                PosixFilePermission.OTHERS_EXECUTE));
            }
        }
        deleteTree(bin);
        Files.move(staging, bin, StandardCopyOption.ATOMIC_MOVE);
        Files.createFile(done);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
        try (var paths = Files.walk(dir)) {
            for (Path p :
                    paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String os() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        return os.contains("mac") ? "darwin" : os.contains("linux") ? "linux" : os;
    }

    private static String arch() {
        String arch = System.getProperty("os.arch");
        return arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : arch;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

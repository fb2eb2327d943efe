package dev.descent.platform.workers;

import dev.descent.platform.artifacts.ArtifactStore;
import dev.descent.platform.metrics.MetricBuffers;
import dev.descent.platform.notify.Channel;
import dev.descent.platform.notify.PgListener;
import dev.descent.platform.queue.CheckpointStore;
import dev.descent.platform.queue.JobQueue;
import dev.descent.platform.runs.EpochJudge;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * This process's workers: {@code descent.worker.count} of them when it trains (role {@code all} or {@code worker}). It
 * wakes them on NOTIFY, heart-beats for them, requeues runs whose workers died anywhere, and on shutdown has each
 * checkpoint and requeue its run before the database goes away.
 */
@Component
public class WorkerPool implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final WorkerProperties properties;
    private final JobQueue queue;
    private final WorkerRegistry registry;
    private final CheckpointStore checkpoints;
    private final ArtifactStore artifacts;
    private final MetricBuffers metrics;
    private final RunTrainer trainer;
    private final List<EpochJudge> judges;
    private final PgListener listener;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final List<Worker> workers = new CopyOnWriteArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final String host = hostName();
    private final long pid = ProcessHandle.current().pid();
    private final String idPrefix = idPrefix(host, pid);
    private ScheduledExecutorService heartbeats;
    private volatile boolean running;

    WorkerPool(
            WorkerProperties properties,
            JobQueue queue,
            WorkerRegistry registry,
            CheckpointStore checkpoints,
            ArtifactStore artifacts,
            MetricBuffers metrics,
            RunTrainer trainer,
            List<EpochJudge> judges,
            PgListener listener,
            TransactionTemplate tx,
            JsonMapper json) {
        this.properties = properties;
        this.queue = queue;
        this.registry = registry;
        this.checkpoints = checkpoints;
        this.artifacts = artifacts;
        this.metrics = metrics;
        this.trainer = trainer;
        this.judges = List.copyOf(judges);
        this.listener = listener;
        this.tx = tx;
        this.json = json;
    }

    @Override
    public void start() {
        running = true;
        listener.subscribe(Channel.QUEUE, payload -> workers.forEach(Worker::wake));
        listener.subscribe(Channel.CANCEL, payload -> workers.forEach(w -> w.cancel(Long.parseLong(payload))));
        listener.onReconnect(() -> workers.forEach(Worker::wake));
        heartbeats = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("worker-heartbeat").factory());
        long ms = queue.properties().heartbeat().toMillis();
        var unused = heartbeats.scheduleWithFixedDelay(this::tick, ms, ms, TimeUnit.MILLISECONDS);
        if (properties.enabled()) {
            Devices devices = Devices.detect(properties);
            for (int i = 0; i < properties.count(); i++) start(devices);
        }
    }

    /** Starts one more worker in this process with the given devices. */
    public Worker start(Devices devices) {
        Worker w = new Worker(
                idPrefix + sequence.incrementAndGet(),
                devices,
                queue,
                registry,
                checkpoints,
                artifacts,
                metrics,
                trainer,
                judges,
                tx,
                json);
        workers.add(w);
        w.start(host, pid);
        log.info(
                "worker {} started ({} CPU cores{})",
                w.id(),
                devices.cpuCores(),
                devices.hasGpu() ? ", GPU " + devices.gpuName() : ", no GPU");
        return w;
    }

    /** Stops a worker as a shutdown would: its run is checkpointed and requeued. */
    public void stop(Worker w) {
        w.stop(properties.shutdownTimeout().toMillis());
        workers.remove(w);
    }

    /** Removes a worker without a word, as if its machine died; see {@link Worker#kill()}. */
    public void kill(Worker w) {
        w.kill();
        workers.remove(w);
    }

    public List<Worker> workers() {
        return List.copyOf(workers);
    }

    private void tick() {
        workers.forEach(Worker::heartbeat);
        try {
            for (JobQueue.Expired e : queue.reapExpiredLeases()) {
                log.warn(
                        "run {}'s worker stopped heart-beating; the run is now {} (attempt {})",
                        e.runId(),
                        e.status(),
                        e.attempt());
            }
        } catch (RuntimeException e) {
            log.warn("could not check for expired leases: {}", e.getMessage());
        }
    }

    @Override
    public void stop() {
        running = false;
        // In parallel: each may wait up to the timeout for its run to checkpoint.
        workers.parallelStream().forEach(this::stop);
        if (heartbeats != null) heartbeats.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts after the LISTEN connection, stops before it (and before the web server's graceful shutdown ends). */
    @Override
    public int getPhase() {
        return 100;
    }

    /**
     * What this process's worker ids start with. Every lease guard compares worker ids, so two live workers must never
     * share one; host and pid alone do (containers all run as pid 1, and a restarted container or one on the host's
     * network keeps the hostname), so a random part is added.
     */
    static String idPrefix(String host, long pid) {
        return host + "-" + pid + "-" + HexFormat.of().toHexDigits(RANDOM.nextInt()) + "-";
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) return env;
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}

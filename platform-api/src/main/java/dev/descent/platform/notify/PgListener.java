package dev.descent.platform.notify;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * One connection per process that LISTENs on the platform's channels and hands each notification to the subscribers of
 * its channel, on this listener's thread (subscribers must return quickly). When the connection drops it reconnects and
 * tells the {@code onReconnect} subscribers, who may have missed notifications meanwhile.
 */
@Component
public class PgListener implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(PgListener.class);

    private final DataSource dataSource;
    private final Map<Channel, List<Consumer<String>>> subscribers = new ConcurrentHashMap<>();
    private final List<Runnable> reconnectSubscribers = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private volatile Thread thread;

    PgListener(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void subscribe(Channel channel, Consumer<String> handler) {
        subscribers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(handler);
    }

    public void unsubscribe(Channel channel, Consumer<String> handler) {
        List<Consumer<String>> list = subscribers.get(channel);
        if (list != null) list.remove(handler);
    }

    public void onReconnect(Runnable handler) {
        reconnectSubscribers.add(handler);
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofPlatform().daemon().name("pg-listener").start(this::listen);
    }

    @Override
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before the workers and the web server and stops after them. */
    @Override
    public int getPhase() {
        return 0;
    }

    private void listen() {
        long backoffMs = 100;
        boolean first = true;
        while (running) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(true);
                try (Statement s = c.createStatement()) {
                    for (Channel channel : Channel.values()) s.execute("LISTEN " + channel.sqlName());
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                if (!first) reconnectSubscribers.forEach(PgListener::runSafely);
                first = false;
                backoffMs = 100;
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(250);
                    if (notifications == null) continue;
                    for (PGNotification n : notifications) dispatch(Channel.bySqlName(n.getName()), n.getParameter());
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) return;
                log.warn("LISTEN connection lost ({}); reconnecting in {} ms", e.getMessage(), backoffMs);
                sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 5_000);
            }
        }
    }

    private void dispatch(Channel channel, String payload) {
        for (Consumer<String> handler : subscribers.getOrDefault(channel, List.of())) {
            try {
                handler.accept(payload);
            } catch (RuntimeException e) {
                log.warn("a subscriber of {} failed on '{}': {}", channel, payload, e.toString());
            }
        }
    }

    private static void runSafely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.warn("a reconnect subscriber failed: {}", e.toString());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

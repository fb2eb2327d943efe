package dev.descent.platform.boot;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/** Once the platform is up, one line on stderr says where its UI and API docs are (the log says more). */
public final class ReadyLine implements ApplicationListener<ApplicationReadyEvent> {

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        Environment env = event.getApplicationContext().getEnvironment();
        String port = env.getProperty("local.server.port");
        if (port == null) {
            System.err.println("descent: the worker is up");
            return;
        }
        String base = "http://localhost:" + port;
        System.err.println("descent: the platform is up at " + base + "/ (API docs: " + base + "/swagger-ui.html)");
    }
}

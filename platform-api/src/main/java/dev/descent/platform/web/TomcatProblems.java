package dev.descent.platform.web;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Makes Tomcat answer what it refuses before Spring sees a request (a path holding {@code %00} or an encoded slash, a
 * malformed header) as problem details too, through {@link ProblemReportValve} in place of its HTML error page.
 */
@Component
class TomcatProblems implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> {
    @Override
    public void customize(ConfigurableTomcatWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host)
                host.setErrorReportValveClass(ProblemReportValve.class.getName());
        });
    }
}

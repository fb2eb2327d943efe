package dev.descent.platform.ui;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.PathResourceResolver;

/**
 * Serves the web UI (the web-ui module's {@code static/} resources) at {@code /}. The app routes in the browser, so a
 * path it owns ({@code /runs/12}, {@code /compare?runs=3,4}) is answered with its {@code index.html}; paths the
 * platform keeps for itself ({@code /api}, {@code /actuator}, the API docs) and requests for files never are, so an
 * unknown API path still answers a 404 problem detail. Bundled assets carry a content hash in their names and are
 * cached for a year; {@code index.html} is revalidated on every load, so a new build is picked up at once.
 *
 * <p>Ordered first so that Spring Boot's own {@code /**} static mapping, which it adds only when none exists, stays
 * out.
 */
@Configuration
@Order(Ordered.HIGHEST_PRECEDENCE)
class WebUi implements WebMvcConfigurer {
    static final String LOCATION = "classpath:/static/";
    static final String INDEX = "index.html";

    /** First path segments that are never the app's, whatever the app adds. */
    static final Set<String> RESERVED =
            Set.of("api", "actuator", "v3", "swagger-ui", "swagger-ui.html", "error", "webjars", "assets");

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/assets/**")
                .addResourceLocations(LOCATION + "assets/")
                .setCacheControl(
                        CacheControl.maxAge(365, TimeUnit.DAYS).cachePublic().immutable());
        registry.addResourceHandler("/**")
                .addResourceLocations(LOCATION)
                .setCacheControl(CacheControl.noCache())
                .resourceChain(true)
                .addResolver(new AppRoutes());
    }

    /** Whether {@code path} (without its leading slash) is one of the app's routes rather than a file or the API's. */
    static boolean isAppRoute(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.isEmpty()) return true;
        String first = p.split("/", 2)[0];
        if (RESERVED.contains(first) || first.startsWith("swagger-ui")) return false;
        String last = p.substring(p.lastIndexOf('/') + 1);
        return !last.contains(".");
    }

    /** A file that exists is served as it is; an app route that is no file is the app's index.html. */
    private static final class AppRoutes extends PathResourceResolver {
        @Override
        protected Resource getResource(String resourcePath, Resource location) throws IOException {
            Resource found = resourcePath.isEmpty() ? null : super.getResource(resourcePath, location);
            if (found != null) return found;
            return isAppRoute(resourcePath) ? super.getResource(INDEX, location) : null;
        }
    }
}

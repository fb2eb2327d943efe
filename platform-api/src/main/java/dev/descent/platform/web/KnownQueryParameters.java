package dev.descent.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses a query parameter that the endpoint does not take, naming it and the ones it does: {@code ?name=adam} on a
 * listing that cannot filter by name answers 400 rather than every run, as if filtered. The parameters an endpoint
 * takes are the {@code @RequestParam}s of its handler method, so a new one is known the moment it is declared; a
 * handler that takes a {@code Map} of parameters takes any.
 */
public final class KnownQueryParameters implements HandlerInterceptor {

    private static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

    /** The names a handler takes, or null for any. */
    private final Map<HandlerMethod, Names> cache = new ConcurrentHashMap<>();

    private record Names(List<String> names) {}

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) return true;
        Names known = cache.computeIfAbsent(method, KnownQueryParameters::namesOf);
        if (known.names() == null) return true;
        for (String param : request.getParameterMap().keySet()) {
            if (!known.names().contains(param)) {
                String takes = known.names().isEmpty()
                        ? "it takes no query parameters"
                        : "it takes " + String.join(", ", known.names());
                throw ApiProblem.badRequest(
                        param,
                        "is not a parameter of " + request.getMethod() + " " + request.getRequestURI() + "; " + takes);
            }
        }
        return true;
    }

    private static Names namesOf(HandlerMethod method) {
        List<String> names = new ArrayList<>();
        for (MethodParameter p : method.getMethodParameters()) {
            RequestParam rp = p.getParameterAnnotation(RequestParam.class);
            if (rp == null) continue;
            if (Map.class.isAssignableFrom(p.getParameterType())) return new Names(null);
            String name = rp.name();
            if (name.isEmpty()) {
                p.initParameterNameDiscovery(NAMES);
                name = p.getParameterName();
            }
            if (name == null) return new Names(null);
            names.add(name);
        }
        return new Names(List.copyOf(names));
    }
}

package dev.descent.platform.security;

import dev.descent.platform.web.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.Set;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A change to the API comes as JSON, or as multipart only where an endpoint says it takes uploads ({@code consumes =
 * multipart/form-data}). A form ({@code application/x-www-form-urlencoded}, {@code multipart/form-data},
 * {@code text/plain}) is what another site can make a browser send without asking first, so refusing every other body
 * with 415 closes that door for every endpoint, new ones included, whatever their parameters.
 */
@Configuration
class ContentTypeGuard implements WebMvcConfigurer, HandlerInterceptor {
    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH", "DELETE");

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!WITH_BODY.contains(request.getMethod()) || !(handler instanceof HandlerMethod method)) return true;
        String type = request.getContentType();
        boolean hasBody = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
        if (type == null) {
            if (hasBody) throw unsupported("none", "application/json");
            return true;
        }
        MediaType media;
        try {
            media = MediaType.parseMediaType(type);
        } catch (IllegalArgumentException e) {
            throw unsupported(type, "application/json");
        }
        if (isJson(media)) return true;
        if (media.isCompatibleWith(MediaType.MULTIPART_FORM_DATA) && takesUploads(method)) return true;
        throw unsupported(media.toString(), takesUploads(method) ? "multipart/form-data" : "application/json");
    }

    private static boolean isJson(MediaType media) {
        return media.isCompatibleWith(MediaType.APPLICATION_JSON)
                || ("application".equals(media.getType()) && media.getSubtype().endsWith("+json"));
    }

    private static boolean takesUploads(HandlerMethod method) {
        RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), RequestMapping.class);
        return mapping != null
                && Arrays.stream(mapping.consumes())
                        .anyMatch(c -> MediaType.parseMediaType(c).isCompatibleWith(MediaType.MULTIPART_FORM_DATA));
    }

    private static ApiProblem unsupported(String type, String expected) {
        return new ApiProblem(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "Content-Type",
                "'" + type + "' is not accepted here; send " + expected);
    }
}

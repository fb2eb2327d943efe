package dev.descent.platform.web;

import java.lang.reflect.Type;
import java.util.Map;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;
import tools.jackson.databind.JsonNode;

/**
 * Refuses a JSON request body holding a NUL character ({@code \u0000}) in any string or field name, naming where: it is
 * valid JSON, but neither PostgreSQL's text nor its jsonb can store it, and the insert's failure would otherwise
 * surface as a conflict that names nothing.
 */
@RestControllerAdvice
public class StorableJson extends RequestBodyAdviceAdapter {

    @Override
    public boolean supports(
            MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return targetType instanceof Class<?> c && JsonNode.class.isAssignableFrom(c);
    }

    @Override
    public Object afterBodyRead(
            Object body,
            HttpInputMessage input,
            MethodParameter parameter,
            Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        if (body instanceof JsonNode node) check(node, "$");
        return body;
    }

    static void check(JsonNode node, String path) {
        if (node.isString()) {
            requireNoNul(node.asString(), path);
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) check(node.get(i), (path.equals("$") ? "" : path) + "[" + i + "]");
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String child = path.equals("$") ? e.getKey() : path + "." + e.getKey();
                requireNoNul(e.getKey(), path.equals("$") ? "$" : path);
                check(e.getValue(), child);
            }
        }
    }

    public static void requireNoNul(String text, String field) {
        if (text != null && text.indexOf('\0') >= 0) {
            throw ApiProblem.badRequest(
                    field, "must not contain a NUL character (\\u0000): PostgreSQL cannot store it");
        }
    }
}

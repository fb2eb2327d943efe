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
 * Refuses, naming where, a JSON request body holding what is valid JSON but cannot be stored or computed with as sent:
 * a NUL character ({@code \u0000}) or a lone UTF-16 surrogate ({@code \ud800}) in any string or field name (PostgreSQL
 * cannot store the first and would store the second as {@code ?}), a number too large for a double ({@code 1e400},
 * which would become Infinity) and an integer beyond a long's range (which every reader would take modulo 2^64).
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
        } else if (node.isNumber()) {
            if (node.isIntegralNumber() && !node.canConvertToLong())
                throw ApiProblem.badRequest(
                        path, "is out of range: integers must be between -2^63 and 2^63-1, got " + node);
            if (!Double.isFinite(node.asDouble()))
                throw ApiProblem.badRequest(path, "is out of range: numbers must be finite doubles, got " + node);
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
        if (text == null) return;
        if (text.indexOf('\0') >= 0) {
            throw ApiProblem.badRequest(
                    field, "must not contain a NUL character (\\u0000): PostgreSQL cannot store it");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1)))
                i++;
            else if (Character.isSurrogate(c))
                throw ApiProblem.badRequest(field, "holds a lone UTF-16 surrogate at index " + i + ": not text");
        }
    }
}

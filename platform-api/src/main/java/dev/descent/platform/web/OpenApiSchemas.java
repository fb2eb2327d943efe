package dev.descent.platform.web;

import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Configuration;

/**
 * How the OpenAPI document shows what the API passes through as JSON (a run's stored config and result, a model's spec
 * and layer summaries): as a JSON value, not as the bean properties of Jackson's {@code JsonNode} class
 * ({@code isArray}, {@code nodeType}...), which is what a client would otherwise be told to send and expect.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiSchemas {
    static {
        SpringDocUtils.getConfig()
                .replaceWithSchema(
                        tools.jackson.databind.JsonNode.class,
                        new Schema<Object>().description("A JSON value, as described by the field."));
    }
}

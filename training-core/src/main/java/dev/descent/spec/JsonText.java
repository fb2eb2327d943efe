package dev.descent.spec;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Parses the JSON of specs, configs and schedules; malformed text fails on one line that gives the line and column. */
public final class JsonText {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonText() {}

    /**
     * The tree of {@code json}; a {@link ConfigException} on field {@code $} ("not valid JSON at line 3, column 7:
     * ...") if it does not parse.
     */
    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JacksonException e) {
            String reason = e.getOriginalMessage() == null
                    ? e.getClass().getSimpleName()
                    : e.getOriginalMessage().lines().findFirst().orElse("").strip();
            TokenStreamLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1
                    ? ""
                    : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ConfigException("$", "not valid JSON" + where + ": " + reason);
        }
    }
}

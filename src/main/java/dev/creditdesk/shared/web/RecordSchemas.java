package dev.creditdesk.shared.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.creditdesk.shared.Metadata;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Which fields a response always has. The server leaves null fields out, so a response record's
 * component is required unless it is marked {@link Nullable}; a primitive is always there, and
 * so is a {@code @JsonProperty} accessor such as {@code object()}.
 * Request records (named {@code *Body}) say what is required with {@code @Schema(requiredMode =
 * REQUIRED)}, as the handler checks it.
 */
final class RecordSchemas {

    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    /**
     * Schema names and their classes, for the whole JVM: swagger's model converters (and the
     * schemas they cache) are JVM-wide, so a second application context in the same JVM may be
     * the one whose resolver names a type.
     */
    private static final Map<String, Class<?>> CLASSES = new ConcurrentHashMap<>();

    private RecordSchemas() {
    }

    static void named(String name, Class<?> type) {
        CLASSES.putIfAbsent(name, type);
    }

    /** Every {@code metadata} map says its limits ({@link Metadata}); a request may send null to remove a key. */
    static void describeMetadata(Map<String, Schema> schemas) {
        schemas.forEach((name, schema) -> {
            Schema metadata = schema.getProperties() == null ? null : (Schema) schema.getProperties().get("metadata");
            if (metadata == null) {
                return;
            }
            Schema value = new StringSchema().maxLength(Metadata.MAX_VALUE_LENGTH);
            if (name.endsWith("Body")) {
                value.setTypes(new LinkedHashSet<>(List.of("string", "null")));
            }
            metadata.setMaxProperties(Metadata.MAX_KEYS);
            metadata.setPropertyNames(new StringSchema().minLength(1).maxLength(Metadata.MAX_KEY_LENGTH));
            metadata.setAdditionalProperties(value);
            metadata.setDescription("Your own key-value pairs: at most " + Metadata.MAX_KEYS + " keys of at most "
                    + Metadata.MAX_KEY_LENGTH + " characters, values of at most " + Metadata.MAX_VALUE_LENGTH
                    + " characters");
        });
    }

    static void requireNonNullFields(Map<String, Schema> schemas) {
        schemas.forEach((name, schema) -> {
            Class<?> type = CLASSES.get(name);
            if (type == null || !type.isRecord() || name.endsWith("Body") || schema.getProperties() == null) {
                return;
            }
            List<String> required = new ArrayList<>();
            for (RecordComponent component : type.getRecordComponents()) {
                String property = SNAKE_CASE.translate(component.getName());
                boolean nullable = component.getAnnotatedType().isAnnotationPresent(Nullable.class);
                if (schema.getProperties().containsKey(property) && (component.getType().isPrimitive() || !nullable)) {
                    required.add(property);
                }
            }
            for (Method method : type.getMethods()) {
                String property = SNAKE_CASE.translate(method.getName());
                if (method.isAnnotationPresent(JsonProperty.class) && method.getParameterCount() == 0
                        && schema.getProperties().containsKey(property) && !required.contains(property)) {
                    required.add(property);
                }
            }
            schema.setRequired(required.isEmpty() ? null : required);
        });
    }
}

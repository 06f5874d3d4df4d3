package dev.creditdesk.shared;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * Strict JSON (the rest is in application.properties): a number where text is expected is refused
 * rather than converted, so an amount sent as the double {@code 29.9} fails instead of being taken;
 * a null inside a list ({@code "remedies": [null]}) is refused under its path ({@code remedies[0]})
 * instead of reaching a handler; text and times are held to {@link JsonBounds}. Times are written by
 * {@link InstantJson}: the same ISO-8601 text as Jackson's own serializer, for less CPU.
 */
@Configuration(proxyBeanMethods = false)
class JsonConfiguration {

    @Bean
    JsonMapperBuilderCustomizer strictText() {
        return builder -> builder.withCoercionConfig(LogicalType.Textual, config -> config
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    @Bean
    JsonMapperBuilderCustomizer boundedValues() {
        JsonSetter.Value noNullElements = JsonSetter.Value.forContentNulls(Nulls.FAIL);
        return builder -> builder
                .withConfigOverride(List.class, override -> override.setNullHandling(noNullElements))
                .withConfigOverride(Set.class, override -> override.setNullHandling(noNullElements))
                .withConfigOverride(Collection.class, override -> override.setNullHandling(noNullElements))
                .addModule(new SimpleModule("creditdesk-bounds")
                        .addDeserializer(String.class, new JsonBounds.Text())
                        .addDeserializer(Instant.class, new JsonBounds.Time())
                        .addSerializer(Instant.class, new InstantJson()));
    }
}

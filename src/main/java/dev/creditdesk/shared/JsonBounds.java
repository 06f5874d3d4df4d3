package dev.creditdesk.shared;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * What every request body is held to, whichever endpoint reads it: text without NUL characters
 * (PostgreSQL cannot store them), times written as RFC 3339 text between {@link Fields#EARLIEST_TIME}
 * and {@link Fields#LATEST_TIME}. A value outside is refused with {@link Rejected}, which the
 * problem handler reports under the field's name.
 */
public final class JsonBounds {

    private JsonBounds() {
    }

    /** A value the binding refused, with a message for the caller. */
    public static final class Rejected extends MismatchedInputException {

        private final String reason;

        Rejected(JsonParser parser, String reason, Class<?> type) {
            super(parser, reason, type);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    static final class Text extends StdScalarDeserializer<String> {

        Text() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            String value = StringDeserializer.instance.deserialize(parser, context);
            if (value != null && value.indexOf('\0') >= 0) {
                throw new Rejected(parser, "must not contain NUL (\\u0000) characters", String.class);
            }
            return value;
        }

        @Override
        public Object getNullValue(DeserializationContext context) {
            return null;
        }
    }

    static final class Time extends StdScalarDeserializer<Instant> {

        Time() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                throw new Rejected(parser, "must be an RFC 3339 time such as \"2026-03-02T10:00:00Z\"", Instant.class);
            }
            String text = parser.getString().trim();
            Instant time;
            try {
                time = OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeException e) {
                throw new Rejected(parser, "must be an RFC 3339 time such as \"2026-03-02T10:00:00Z\"", Instant.class);
            }
            if (!Fields.withinTimeBounds(time)) {
                throw new Rejected(parser, "must be between " + Fields.EARLIEST_TIME + " and " + Fields.LATEST_TIME,
                        Instant.class);
            }
            return time;
        }
    }
}

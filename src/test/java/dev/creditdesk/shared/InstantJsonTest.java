package dev.creditdesk.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/** The fast Instant writer gives byte for byte the text Jackson's own serializer (ISO_INSTANT) gives. */
class InstantJsonTest {

    private static final JsonMapper WITH = JsonMapper.builder()
            .addModule(new SimpleModule().addSerializer(Instant.class, new InstantJson())).build();
    private static final JsonMapper JACKSONS_OWN = JsonMapper.builder().build();

    record Times(Instant createdAt, Instant settledAt) {
    }

    @Test
    void writesWhatIsoInstantWrites() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        long first = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 50_000; i++) {
            long second = i % 2 == 0 ? first + (long) (random.nextDouble() * (last - first))
                    : Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() + random.nextInt(400 * 86_400);
            int nanos = switch (i % 5) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                case 3 -> random.nextInt(1_000_000_000);
                default -> random.nextInt(10) * 100_000_000;
            };
            Instant time = Instant.ofEpochSecond(second, nanos);
            assertThat(InstantJson.format(time)).as("seed %d", seed).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(time));
        }
    }

    @Test
    void edgesAndYearsOutsideFourDigits() {
        for (String text : new String[] {"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z",
                "1969-12-31T23:59:59.000001Z", "2024-02-29T12:00:00.100Z", "2026-03-02T10:00:00.010Z",
                "+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59Z"}) {
            Instant time = Instant.parse(text);
            assertThat(InstantJson.format(time)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(time)).isEqualTo(text);
        }
        assertThat(InstantJson.format(Instant.MAX)).isEqualTo(Instant.MAX.toString());
        assertThat(InstantJson.format(Instant.MIN)).isEqualTo(Instant.MIN.toString());
    }

    @Test
    void theApplicationsMapperWritesTimesWithIt() {
        JsonMapper.Builder builder = JsonMapper.builder();
        new JsonConfiguration().boundedValues().customize(builder);
        assertThat(builder.build()._serializationContext().findValueSerializer(Instant.class))
                .isInstanceOf(InstantJson.class);
    }

    @Test
    void theMapperWritesTheSameJsonAsJacksonsOwnSerializer() {
        Times times = new Times(Instant.parse("2026-12-04T15:47:18.622093Z"), Instant.parse("2026-12-04T15:47:19Z"));
        assertThat(WITH.writeValueAsString(times)).isEqualTo(JACKSONS_OWN.writeValueAsString(times))
                .isEqualTo("{\"createdAt\":\"2026-12-04T15:47:18.622093Z\",\"settledAt\":\"2026-12-04T15:47:19Z\"}");
        Map<String, Object> inMap = Map.of("at", Instant.parse("+12026-01-01T00:00:00.5Z"));
        assertThat(WITH.writeValueAsString(inMap)).isEqualTo(JACKSONS_OWN.writeValueAsString(inMap));
    }
}

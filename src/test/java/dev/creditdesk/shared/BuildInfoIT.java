package dev.creditdesk.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code /actuator/info} tells an operator what runs: build, API version, Java and the database's schema version. */
class BuildInfoIT extends IntegrationTest {

    @Test
    void infoNamesTheBuildTheApiJavaAndTheAppliedSchemaVersion() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/info"))
                        .header("Authorization", "Bearer " + OPERATOR_KEY).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode info = JsonMapper.builder().build().readTree(response.body());

        String version = info.path("build").path("version").asString();
        assertThat(version).as(response.body()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(info.path("build").path("artifact").asString()).isEqualTo("creditdesk");
        assertThat(Instant.parse(info.path("build").path("time").asString())).isBefore(Instant.now());
        assertThat(info.path("api").path("version").asString()).isEqualTo(version);
        assertThat(info.path("java").path("version").asString()).isEqualTo(System.getProperty("java.version"));

        JsonNode schema = info.path("schema");
        assertThat(schema.path("version").asString()).isEqualTo(highestAppliedVersion());
        assertThat(schema.path("pending").asInt()).isZero();
        assertThat(schema.path("applied").asInt()).isGreaterThan(60);
    }

    private static String highestAppliedVersion() throws Exception {
        try (Connection c = DriverManager.getConnection(TestDatabase.url(), "postgres", "");
                ResultSet rs = c.createStatement().executeQuery(
                        "select version from flyway_schema_history where success and version is not null "
                                + "order by cast(version as bigint) desc limit 1")) {
            rs.next();
            return rs.getString(1);
        }
    }
}

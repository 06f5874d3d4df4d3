package dev.creditdesk.shared.database;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatabaseUnreachableExceptionTest {

    @Test
    void aUrlIsShownWithoutThePasswordWhereverItWasWritten() {
        assertThat(DatabaseUnreachableException.shown("jdbc:postgresql://db:5432/cd?user=app&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/cd?user=app&password=***&ssl=true");
        assertThat(DatabaseUnreachableException.shown("jdbc:postgresql://app:s3cret@db:5432/cd"))
                .isEqualTo("jdbc:postgresql://***@db:5432/cd");
        assertThat(DatabaseUnreachableException.shown("jdbc:postgresql://db:5432/cd"))
                .isEqualTo("jdbc:postgresql://db:5432/cd");
    }
}

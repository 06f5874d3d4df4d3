package dev.creditdesk.people.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** RFC 6238's own test vectors (Appendix B, SHA-1), and what this module adds: ±1 step, no replay. */
class TotpTest {

    private static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void matchesTheRfcTestVectors() {
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(59)), 8)).isEqualTo("94287082");
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(1111111109)), 8)).isEqualTo("07081804");
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(1111111111)), 8)).isEqualTo("14050471");
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(1234567890)), 8)).isEqualTo("89005924");
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(2000000000)), 8)).isEqualTo("69279037");
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(20000000000L)), 8)).isEqualTo("65353130");
        // six digits are the last six of the eight
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(59)), 6)).isEqualTo("287082");
    }

    @Test
    void acceptsOneStepEitherSideOnceAndNothingElse() {
        Instant now = Instant.ofEpochSecond(1111111111);
        long step = Totp.step(now);
        String previous = Totp.code(RFC_SECRET, step - 1, 6);
        String next = Totp.code(RFC_SECRET, step + 1, 6);
        String twoAgo = Totp.code(RFC_SECRET, step - 2, 6);
        assertThat(Totp.verify(RFC_SECRET, previous, now, null)).hasValue(step - 1);
        assertThat(Totp.verify(RFC_SECRET, next, now, null)).hasValue(step + 1);
        assertThat(Totp.verify(RFC_SECRET, twoAgo, now, null)).isEmpty();
        assertThat(Totp.verify(RFC_SECRET, Totp.code(RFC_SECRET, step, 6), now, step)).as("used already").isEmpty();
        assertThat(Totp.verify(RFC_SECRET, previous, now, step - 1)).as("at or before the last accepted").isEmpty();
        assertThat(Totp.verify(RFC_SECRET, "12345", now, null)).isEmpty();
        assertThat(Totp.verify(RFC_SECRET, null, now, null)).isEmpty();
    }

    @Test
    void base32RoundTripsAndTheUriCarriesTheKey() {
        assertThat(Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        assertThat(new String(Base32.decode("mzxw 6ytb oi"), StandardCharsets.US_ASCII)).isEqualTo("foobar");
        assertThat(Totp.uri("Creditdesk Acme", "ada@example.com", RFC_SECRET))
                .isEqualTo("otpauth://totp/Creditdesk%20Acme:ada%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                        + "&issuer=Creditdesk%20Acme&algorithm=SHA1&digits=6&period=30");
    }
}

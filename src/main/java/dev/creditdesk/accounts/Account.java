package dev.creditdesk.accounts;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.SortedMap;
import java.util.UUID;

/**
 * A customer of the tenant; {@code updatedAt} is null until the account is first changed;
 * {@code country} is ISO 3166-1 alpha-2 ({@code DE}), null when unknown.
 */
public record Account(UUID tenantId, UUID id, String externalId, String email, SortedMap<String, String> metadata,
        Instant createdAt, Instant updatedAt, String country) {

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    /** Whether {@code code} is an ISO 3166-1 alpha-2 country code, in capitals ({@code DE}, {@code US}). */
    public static boolean isCountry(String code) {
        return code != null && COUNTRIES.contains(code);
    }
}

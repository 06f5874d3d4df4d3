package dev.creditdesk.accounts;

import java.util.List;
import java.util.UUID;

/** What an account may do now, and the suspensions in force that say why not. */
public record Entitlements(UUID accountId, boolean generate, boolean download, boolean access,
        List<Suspension> suspensions) {

    public static Entitlements of(UUID accountId, List<Suspension> active) {
        boolean access = active.stream().noneMatch(s -> s.entitlement() == Entitlement.ACCESS);
        boolean generate = access && active.stream().noneMatch(s -> s.entitlement() == Entitlement.GENERATE);
        boolean download = access && active.stream().noneMatch(s -> s.entitlement() == Entitlement.DOWNLOAD);
        return new Entitlements(accountId, generate, download, access, List.copyOf(active));
    }

    public boolean allows(Entitlement entitlement) {
        return switch (entitlement) {
            case GENERATE -> generate;
            case DOWNLOAD -> download;
            case ACCESS -> access;
        };
    }

    /** The suspension that takes {@code entitlement} away: its own, or one of account access. */
    public Suspension blocking(Entitlement entitlement) {
        return suspensions.stream()
                .filter(s -> s.entitlement() == entitlement || s.entitlement() == Entitlement.ACCESS)
                .findFirst().orElse(null);
    }
}

package dev.creditdesk.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The replay engine on its own: past cases made by evaluating the shipped tiered-usage policy on
 * seeded random facts, replayed under a candidate whose every difference the test works out by
 * hand (threshold 10 % → 5 %, window 7 → 5 days).
 */
class PolicyReplayTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final PolicyDocuments DOCUMENTS = PolicyDocuments.standard();
    private static final Instant PURCHASE = Instant.parse("2026-06-01T12:00:00Z");

    record Made(PolicyReplay.PastCase past, int days, long used, long credits, BigDecimal net, String currency) {
    }

    @Test
    void theCandidateChangesExactlyTheCasesItsRulesSayAndTheMoneyToTheCent() throws Exception {
        PolicyDocuments.Loaded shipped = shipped();
        PolicyDocuments.Loaded candidate = DOCUMENTS.load("candidate", candidateYaml());
        List<Made> made = cases(shipped, new Random(18), 2_000);

        List<PolicyReplay.Change> changes = Collections.synchronizedList(new ArrayList<>());
        AtomicLong progress = new AtomicLong();
        ReplayReport report = new PolicyReplay(candidate, "UTC", null, 3)
                .replay(made.stream().map(Made::past).iterator(), changes::add, progress::set);

        Map<String, String> expectedChanges = new LinkedHashMap<>();
        Map<String, BigDecimal> expectedDifference = new LinkedHashMap<>();
        for (Made m : made) {
            String before = m.past().before().ruleId();
            String after = expectedRule(m);
            BigDecimal beforeMoney = money(before, m);
            BigDecimal afterMoney = money(after, m);
            expectedDifference.merge(m.currency(), afterMoney.subtract(beforeMoney), BigDecimal::add);
            if (!before.equals(after)) {
                expectedChanges.put(m.past().caseId(), before + "->" + after);
            }
        }
        Map<String, String> found = new LinkedHashMap<>();
        changes.stream().sorted(java.util.Comparator.comparing(PolicyReplay.Change::caseId))
                .forEach(c -> found.put(c.caseId(), c.before().ruleId() + "->" + c.after().ruleId()));
        assertThat(new java.util.TreeMap<>(found)).isEqualTo(new java.util.TreeMap<>(expectedChanges));
        assertThat(expectedChanges).isNotEmpty();
        assertThat(report.replayed()).isEqualTo(made.size());
        assertThat(report.changed()).isEqualTo(expectedChanges.size());
        assertThat(report.unreplayable()).isZero();
        assertThat(progress.get()).isEqualTo(made.size());
        for (ReplayReport.MoneyTotal total : report.money()) {
            assertThat(total.difference()).as(total.currency())
                    .isEqualByComparingTo(expectedDifference.get(total.currency()));
        }
        assertThat(report.money()).extracting(ReplayReport.MoneyTotal::currency).containsExactly("EUR", "USD");
        assertThat(report.transitions().stream().mapToLong(ReplayReport.Transition::count).sum())
                .isEqualTo(expectedChanges.size());
        long reviewedAfter = made.stream().filter(m -> "not-delivered".equals(expectedRule(m))).count();
        assertThat(report.review().after()).isEqualTo(reviewedAfter);
        assertThat(report.agentTime(Duration.ofMinutes(6)))
                .isEqualTo(Duration.ofMinutes(6).multipliedBy(report.review().difference()));
    }

    @Test
    void theSameVersionReproducesEveryDecisionAndThreadsDoNotChangeTheReport() throws Exception {
        PolicyDocuments.Loaded shipped = shipped();
        List<Made> made = cases(shipped, new Random(7), 1_500);
        ReplayReport same = new PolicyReplay(shipped, "UTC", null, 2)
                .replay(made.stream().map(Made::past).iterator(), c -> { }, n -> { });
        assertThat(same.changed()).isZero();
        assertThat(same.replayed()).isEqualTo(made.size());
        assertThat(same.money()).allSatisfy(m -> assertThat(m.difference()).isEqualByComparingTo("0"));

        PolicyDocuments.Loaded candidate = DOCUMENTS.load("candidate", candidateYaml());
        ReplayReport one = new PolicyReplay(candidate, "UTC", null, 1)
                .replay(made.stream().map(Made::past).iterator(), c -> { }, n -> { });
        ReplayReport four = new PolicyReplay(candidate, "UTC", null, 4)
                .replay(made.stream().map(Made::past).iterator(), c -> { }, n -> { });
        assertThat(four).isEqualTo(one);
    }

    @Test
    void aCaseWhoseSnapshotLacksWhatTheCandidateReadsIsUnreplayableWithTheReason() throws Exception {
        PolicyDocuments.Loaded shipped = shipped();
        List<Made> made = cases(shipped, new Random(3), 50);
        String readsUsage = candidateYaml().replace("when: order.used_ratio <= decimal(\"0.05\")",
                "when: order.used_ratio <= decimal(\"0.05\") && usage.count(\"video\", \"purchase\") < 3");
        PolicyDocuments.Loaded candidate = DOCUMENTS.load("usage", readsUsage);
        ReplayReport report = new PolicyReplay(candidate, "UTC", null, 2)
                .replay(made.stream().map(Made::past).iterator(), c -> { }, n -> { });
        assertThat(report.unreplayable()).isPositive();
        assertThat(report.replayed() + report.unreplayable()).isEqualTo(made.size());
        assertThat(report.unreplayableReasons()).isNotEmpty()
                .allSatisfy(r -> assertThat(r.reason()).contains("usage"));
    }

    @Test
    void theCandidateMeetsTheMoneyTheCaseMetAChargebackOpenOrLessLeftThanItProposes() throws Exception {
        PolicyDocuments.Loaded shipped = shipped();
        Made made = cases(shipped, new Random(11), 200).stream()
                .filter(m -> m.days() <= 5 && "full-refund".equals(m.past().before().ruleId())).findFirst().orElseThrow();
        BigDecimal left = made.net().subtract(new BigDecimal("1.00"));
        PolicyReplay.PastCase past = made.past();
        // as the service kept them: cut to what was left; sent to a person while a chargeback was open
        PolicyReplay.Verdict cut = new PolicyReplay.Verdict(past.before().outcome(), past.before().ruleId(), left,
                past.before().creditsRemoved(), false);
        PolicyReplay.Verdict disputed = new PolicyReplay.Verdict(past.before().outcome(), past.before().ruleId(),
                past.before().amount(), past.before().creditsRemoved(), true);
        List<PolicyReplay.PastCase> kept = List.of(
                new PolicyReplay.PastCase("cut", past.receivedAt(), cut, past.factsJson(),
                        new PolicyReplay.MoneyThen(left, BigDecimal.ZERO, false)),
                new PolicyReplay.PastCase("disputed", past.receivedAt(), disputed, past.factsJson(),
                        new PolicyReplay.MoneyThen(made.net(), BigDecimal.ZERO, true)),
                new PolicyReplay.PastCase("unknown money", past.receivedAt(), cut, past.factsJson(), null));

        List<PolicyReplay.Change> changes = Collections.synchronizedList(new ArrayList<>());
        ReplayReport report = new PolicyReplay(shipped, "UTC", null, 1).replay(kept.iterator(), changes::add, n -> { });

        // the deciding version, meeting the same money, decides the same; without it the cut shows
        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.caseId()).isEqualTo("unknown money");
            assertThat(c.after().amount()).isEqualByComparingTo(made.net());
            assertThat(c.moneyDifference()).isEqualByComparingTo("1.00");
        });
        assertThat(report.review().before()).isEqualTo(1);
        assertThat(report.review().after()).isEqualTo(1);
    }

    @Test
    void snapshotsOfRequestsAtAnyMinuteReplayIncludingThoseThatKeptTheExactHours() throws Exception {
        PolicyDocuments.Loaded shipped = shipped();
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("timezone", "UTC");
        raw.put("purchased_at", "2026-06-01T12:00:00Z");
        raw.put("requested_at", "2026-06-04T13:31:09Z");
        raw.put("request", Map.of("category", "change_of_mind", "evidence", List.of()));
        raw.put("order", Map.of("net", "29.90", "tax", "0.00", "fee", "0.00", "total", "29.90", "credits", 400L,
                "used", 10L, "delivered", true, "currency", "USD"));
        Facts facts = PolicyDocuments.facts(raw, "UTC");
        Map<String, Object> snapshot = PolicyDocuments.snapshot(facts);
        @SuppressWarnings("unchecked")
        Map<String, Object> written = (Map<String, Object>) snapshot.get("request");
        assertThat(written).doesNotContainKey("exact_hours_since_purchase");
        // what snapshots kept before: every digit of DECIMAL128, more than a facts file may have
        Map<String, Object> old = new LinkedHashMap<>(snapshot);
        Map<String, Object> oldRequest = new LinkedHashMap<>(written);
        oldRequest.put("exact_hours_since_purchase",
                ((java.math.BigDecimal) facts.struct("request").get("exact_hours_since_purchase")).toPlainString());
        old.put("request", oldRequest);
        assertThat((String) oldRequest.get("exact_hours_since_purchase")).hasSizeGreaterThan(20);

        PolicyReplay.Verdict before = PolicyReplay.Verdict.of(shipped.evaluate(facts));
        List<PolicyReplay.PastCase> cases = List.of(
                new PolicyReplay.PastCase("now", Instant.parse("2026-06-04T13:31:09Z"), before,
                        JSON.writeValueAsString(snapshot)),
                new PolicyReplay.PastCase("before", Instant.parse("2026-06-04T13:31:09Z"), before,
                        JSON.writeValueAsString(old)));
        ReplayReport report = new PolicyReplay(shipped, "UTC", null, 1).replay(cases.iterator(), c -> { }, n -> { });
        assertThat(report.unreplayableReasons()).isEmpty();
        assertThat(report.replayed()).isEqualTo(2);
        assertThat(report.changed()).isZero();
    }

    /** The rule the candidate picks, worked out from the case's numbers, not by the engine. */
    private static String expectedRule(Made m) {
        if (m.days() > 5) {
            return "request-window";
        }
        BigDecimal ratio = BigDecimal.valueOf(m.used()).divide(BigDecimal.valueOf(m.credits()), 10, RoundingMode.HALF_UP);
        if (ratio.compareTo(new BigDecimal("0.05")) <= 0) {
            return "full-refund";
        }
        return m.used() < m.credits() ? "proportional-refund" : "all-credits-used";
    }

    private static BigDecimal money(String rule, Made m) {
        if ("full-refund".equals(rule)) {
            return m.net();
        }
        if ("proportional-refund".equals(rule)) {
            return m.net().multiply(BigDecimal.valueOf(m.credits() - m.used()))
                    .divide(BigDecimal.valueOf(m.credits()), 2, RoundingMode.HALF_UP);
        }
        return BigDecimal.ZERO;
    }

    private static List<Made> cases(PolicyDocuments.Loaded shipped, Random random, int n) {
        List<Made> made = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int days = random.nextInt(7);
            long credits = 100 * (1 + random.nextInt(20));
            long used = random.nextInt(4) == 0 ? credits : (long) (credits * random.nextDouble() * 0.3);
            BigDecimal net = BigDecimal.valueOf(500 + random.nextInt(9_500), 2);
            String currency = random.nextBoolean() ? "USD" : "EUR";
            Map<String, Object> raw = new LinkedHashMap<>();
            raw.put("timezone", "UTC");
            raw.put("purchased_at", PURCHASE.toString());
            raw.put("requested_at", PURCHASE.plus(Duration.ofDays(days)).plusSeconds(3600).toString());
            raw.put("request", Map.of("category", "change_of_mind", "evidence", List.of()));
            raw.put("order", Map.of("net", net.toPlainString(), "tax", "0.00", "fee", "0.00", "total",
                    net.toPlainString(), "credits", credits, "used", used, "delivered", true, "currency", currency));
            Facts facts = PolicyDocuments.facts(raw, "UTC");
            PolicyReplay.Verdict before = PolicyReplay.Verdict.of(shipped.evaluate(facts));
            String json = JSON.writeValueAsString(PolicyDocuments.snapshot(facts));
            made.add(new Made(new PolicyReplay.PastCase(String.format("case-%05d", i),
                    PURCHASE.plus(Duration.ofDays(days)), before, json), days, used, credits, net, currency));
        }
        return made;
    }

    private static PolicyDocuments.Loaded shipped() throws IOException {
        return DOCUMENTS.load("tiered-usage", Files.readString(Path.of("policies/tiered-usage.yaml")));
    }

    static String candidateYaml() throws IOException {
        return Files.readString(Path.of("policies/tiered-usage.yaml"))
                .replace("version: \"2026-02-04\"", "version: \"2027-01-01\"")
                .replace("calendar_days: 7", "calendar_days: 5")
                .replace("when: order.used_ratio <= decimal(\"0.10\")", "when: order.used_ratio <= decimal(\"0.05\")")
                .replace("when: order.used_ratio > decimal(\"0.10\") && order.unused > 0",
                        "when: order.used_ratio > decimal(\"0.05\") && order.unused > 0");
    }
}

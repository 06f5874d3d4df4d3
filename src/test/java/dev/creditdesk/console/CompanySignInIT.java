package dev.creditdesk.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.people.People;
import dev.creditdesk.people.Person;
import dev.creditdesk.people.PersonStatus;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.IdentityProviderServer;
import dev.creditdesk.support.IdentityProviderServer.Tamper;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.shared.Role;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Sign-in through the tenant's identity provider (a local OpenID Connect provider on WireMock),
 * over HTTP as a browser makes it: the provider's API and its checks, a person signed in with a new
 * session id, and every way the provider's answer can be wrong refused with nobody signed in.
 */
class CompanySignInIT extends IntegrationTest {

    private static final HttpClient PROVIDER = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    private static final Pattern CONTINUE = Pattern.compile("id=\"continue-to-provider\" href=\"([^\"]+)\"");

    @Autowired
    People people;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void provider() {
        IdentityProviderServer.useClock(clock);
    }

    private record Team(TestTenant tenant, String domain) {
        String email(String name) {
            return name + "@" + domain;
        }
    }

    /** A tenant whose provider is the local one and signs in a domain of its own. */
    private Team team() {
        TestTenant tenant = newTenant();
        String domain = "t" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
        Api.Response saved = api.put("/v1/identity-provider", tenant.adminKey(), Map.of(
                "issuer", IdentityProviderServer.issuer(), "client_id", IdentityProviderServer.CLIENT_ID,
                "client_secret", IdentityProviderServer.CLIENT_SECRET, "email_domains", List.of(domain)));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        return new Team(tenant, domain);
    }

    private Person person(Team team, String name, PersonStatus status) {
        return people.add(team.tenant().id(), team.email(name), name, Role.SUPPORT, status, null, "test");
    }

    /** Starts at the sign-in page, goes to the provider and back; what the callback answered. */
    private ConsoleClient.Page signIn(ConsoleClient browser, String email, UnaryOperator<String> callbackTamper)
            throws IOException, InterruptedException {
        ConsoleClient.Page form = browser.get("/console/sign-in/company");
        assertThat(form.status()).isEqualTo(200);
        ConsoleClient.Page started = browser.post("/console/sign-in/company",
                Map.of("email", email, "_csrf", form.csrf()));
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        Matcher link = CONTINUE.matcher(started.body());
        assertThat(link.find()).as(started.body()).isTrue();
        String authorize = link.group(1).replace("&amp;", "&");
        assertThat(started.body()).contains("http-equiv=\"refresh\"");
        assertThat(authorize).startsWith(IdentityProviderServer.issuer() + "/authorize?");
        assertThat(authorize).contains("code_challenge_method=S256", "nonce=", "state=",
                "client_id=" + IdentityProviderServer.CLIENT_ID);
        HttpResponse<String> atProvider = PROVIDER.send(HttpRequest.newBuilder(URI.create(authorize))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(atProvider.statusCode()).isEqualTo(302);
        String callback = callbackTamper.apply(atProvider.headers().firstValue("Location").orElseThrow());
        assertThat(callback).startsWith("http://localhost:" + port + "/console/sign-in/company/callback?");
        return browser.get(callback.substring(("http://localhost:" + port).length()));
    }

    private ConsoleClient.Page signIn(ConsoleClient browser, String email) throws Exception {
        return signIn(browser, email, UnaryOperator.identity());
    }

    private static void assertSignedOut(ConsoleClient browser) {
        ConsoleClient.Page queue = browser.get("/console/queue");
        assertThat(queue.status()).isEqualTo(302);
        assertThat(queue.location()).contains("/console/sign-in");
    }

    @Test
    void anInvitedPersonSignsInWithTheProviderAndBecomesActive() throws Exception {
        Team team = team();
        Person ada = person(team, "ada", PersonStatus.INVITED);
        ConsoleClient browser = new ConsoleClient(port);
        browser.get("/console/sign-in");
        String anonymousSession = browser.sessionId();

        ConsoleClient.Page back = signIn(browser, "Ada@" + team.domain().toUpperCase());

        assertThat(back.status()).as(back.toString()).isEqualTo(302);
        assertThat(back.location()).endsWith("/console");
        assertThat(browser.sessionId()).isNotNull().isNotEqualTo(anonymousSession);
        ConsoleClient.Page queue = browser.get("/console/queue");
        assertThat(queue.status()).isEqualTo(200);
        assertThat(queue.text()).contains("ada (support)");
        assertThat(people.find(team.tenant().id(), ada.id()).orElseThrow().status()).isEqualTo(PersonStatus.ACTIVE);
    }

    @Test
    void theProviderIsAnAdminsSettingWithTheSecretNeverShown() {
        Team team = team();
        Api.Response shown = api.get("/v1/identity-provider", team.tenant().adminKey());
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.text("object")).isEqualTo("identity_provider");
        assertThat(shown.body().get("client_secret_set").asBoolean()).isTrue();
        assertThat(shown.body().get("email_domains").get(0).asString()).isEqualTo(team.domain());
        assertThat(shown.raw().body()).doesNotContain(IdentityProviderServer.CLIENT_SECRET);
        String sealed = jdbc.sql("select client_secret from identity_providers where tenant_id = :t")
                .param("t", team.tenant().id()).query(String.class).single();
        assertThat(sealed).startsWith("aesgcm:").doesNotContain(IdentityProviderServer.CLIENT_SECRET);
        assertThat(api.get("/v1/identity-provider", team.tenant().supportKey()).status()).isEqualTo(403);
        assertThat(api.put("/v1/identity-provider", team.tenant().supportKey(), Map.of()).status()).isEqualTo(403);

        // Without a secret, a replace keeps the saved one.
        Api.Response replaced = api.put("/v1/identity-provider", team.tenant().adminKey(), Map.of(
                "issuer", IdentityProviderServer.issuer(), "client_id", IdentityProviderServer.CLIENT_ID,
                "email_domains", List.of(team.domain(), "@Second-" + team.domain()), "enabled", false));
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        assertThat(replaced.body().get("email_domains").toString()).contains("second-" + team.domain());
        assertThat(jdbc.sql("select client_secret from identity_providers where tenant_id = :t")
                .param("t", team.tenant().id()).query(String.class).single()).isEqualTo(sealed);

        assertThat(api.delete("/v1/identity-provider", team.tenant().adminKey()).status()).isEqualTo(200);
        assertThat(api.get("/v1/identity-provider", team.tenant().adminKey()).status()).isEqualTo(404);
    }

    @Test
    void anIssuerWithoutAUsableDiscoveryDocumentIsRefusedNamingIt() {
        TestTenant tenant = newTenant();
        Map<String, Object> body = Map.of("issuer", IdentityProviderServer.issuer() + "/nowhere",
                "client_id", "x", "client_secret", "y", "email_domains", List.of("refused.example.com"));
        Api.Response notFound = api.put("/v1/identity-provider", tenant.adminKey(), body);
        assertThat(notFound.status()).isEqualTo(400);
        assertThat(notFound.errorField()).isEqualTo("issuer");
        assertThat(notFound.raw().body()).contains("answered 404").contains("is the issuer URL right?");

        Api.Response unreachable = api.put("/v1/identity-provider", tenant.adminKey(), Map.of(
                "issuer", "http://localhost:1", "client_id", "x", "client_secret", "y",
                "email_domains", List.of("refused.example.com")));
        assertThat(unreachable.status()).isEqualTo(400);
        assertThat(unreachable.errorField()).isEqualTo("issuer");
        assertThat(unreachable.raw().body()).contains("Cannot reach the provider's discovery document");

        Api.Response otherIssuer = api.put("/v1/identity-provider", tenant.adminKey(), Map.of(
                "issuer", IdentityProviderServer.issuer() + "/", "client_id", "x", "client_secret", "y",
                "email_domains", List.of("refused.example.com")));
        assertThat(otherIssuer.status()).isEqualTo(400);
        assertThat(otherIssuer.raw().body()).contains("names the issuer");

        Api.Response badDomain = api.put("/v1/identity-provider", tenant.adminKey(), Map.of(
                "issuer", IdentityProviderServer.issuer(), "client_id", "x", "client_secret", "y",
                "email_domains", List.of("not a domain")));
        assertThat(badDomain.status()).isEqualTo(400);
        assertThat(badDomain.errorField()).isEqualTo("email_domains[0]");
        assertThat(api.get("/v1/identity-provider", tenant.adminKey()).status()).isEqualTo(404);
    }

    @Test
    void aDomainBelongsToOneTenantsProvider() {
        Team first = team();
        TestTenant second = newTenant();
        Api.Response taken = api.put("/v1/identity-provider", second.adminKey(), Map.of(
                "issuer", IdentityProviderServer.issuer(), "client_id", "x", "client_secret", "y",
                "email_domains", List.of(first.domain())));
        assertThat(taken.status()).isEqualTo(400);
        assertThat(taken.errorField()).isEqualTo("email_domains");
        assertThat(api.get("/v1/identity-provider", second.adminKey()).status()).isEqualTo(404);
    }

    @Test
    void anEmailNoProviderSignsInIsToldSo() {
        ConsoleClient browser = new ConsoleClient(port);
        ConsoleClient.Page form = browser.get("/console/sign-in/company");
        ConsoleClient.Page answer = browser.post("/console/sign-in/company",
                Map.of("email", "ada@nobody-" + UUID.randomUUID() + ".example.com", "_csrf", form.csrf()));
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.text()).contains("No identity provider signs in nobody-");
        assertSignedOut(browser);
    }

    @Test
    void aDisabledProviderSignsNobodyIn() throws Exception {
        Team team = team();
        person(team, "ada", PersonStatus.ACTIVE);
        assertThat(api.put("/v1/identity-provider", team.tenant().adminKey(), Map.of(
                "issuer", IdentityProviderServer.issuer(), "client_id", IdentityProviderServer.CLIENT_ID,
                "email_domains", List.of(team.domain()), "enabled", false)).status()).isEqualTo(200);
        ConsoleClient browser = new ConsoleClient(port);
        ConsoleClient.Page form = browser.get("/console/sign-in/company");
        ConsoleClient.Page answer = browser.post("/console/sign-in/company",
                Map.of("email", team.email("ada"), "_csrf", form.csrf()));
        assertThat(answer.status()).isEqualTo(403);
        assertSignedOut(browser);
    }

    private void assertRefused(Team team, String name, Tamper tamper, String because) throws Exception {
        assertRefused(team, name, tamper, UnaryOperator.identity(), because);
    }

    private void assertRefused(Team team, String name, Tamper tamper, UnaryOperator<String> callbackTamper,
            String because) throws Exception {
        if (tamper != null) {
            IdentityProviderServer.tamper(team.email(name), tamper);
        }
        ConsoleClient browser = new ConsoleClient(port);
        ConsoleClient.Page back = signIn(browser, team.email(name), callbackTamper);
        assertThat(back.status()).as(back.toString()).isEqualTo(403);
        assertThat(back.text()).contains(because);
        assertSignedOut(browser);
    }

    @Test
    void aTokenForAnotherClientSignsNobodyIn() throws Exception {
        Team team = team();
        Person bob = person(team, "bob", PersonStatus.INVITED);
        assertRefused(team, "bob", Tamper.claims(c -> c.audience("another-client")), "not accepted");
        assertThat(people.find(team.tenant().id(), bob.id()).orElseThrow().status()).isEqualTo(PersonStatus.INVITED);
    }

    @Test
    void aTokenFromAnotherIssuerSignsNobodyIn() throws Exception {
        Team team = team();
        person(team, "bob", PersonStatus.ACTIVE);
        assertRefused(team, "bob", Tamper.claims(c -> c.issuer("https://evil.example.com")), "not accepted");
    }

    @Test
    void aTokenSignedWithAnotherKeySignsNobodyIn() throws Exception {
        Team team = team();
        person(team, "bob", PersonStatus.ACTIVE);
        assertRefused(team, "bob", Tamper.signedWith(IdentityProviderServer.newKey("provider-key")),
                "signature does not match");
    }

    @Test
    void aTokenWithAnotherNonceSignsNobodyIn() throws Exception {
        Team team = team();
        person(team, "bob", PersonStatus.ACTIVE);
        assertRefused(team, "bob", Tamper.claims(c -> c.claim("nonce", "replayed-nonce")), "nonce");
    }

    @Test
    void anExpiredTokenSignsNobodyIn() throws Exception {
        Team team = team();
        person(team, "bob", PersonStatus.ACTIVE);
        assertRefused(team, "bob", Tamper.claims(c -> c.issueTime(Date.from(clock.instant().minusSeconds(3600)))
                .expirationTime(Date.from(clock.instant().minusSeconds(600)))), "Expired JWT");
    }

    @Test
    void anUnverifiedEmailSignsNobodyIn() throws Exception {
        Team team = team();
        person(team, "bob", PersonStatus.ACTIVE);
        assertRefused(team, "bob", Tamper.claims(c -> c.claim("email_verified", false)), "verified email");
    }

    @Test
    void anAnswerWithAnotherStateSignsNobodyIn() throws Exception {
        Team team = team();
        person(team, "bob", PersonStatus.ACTIVE);
        assertRefused(team, "bob", null, url -> url.replaceFirst("state=[^&]+", "state=forged"),
                "does not belong to this sign-in");
    }

    @Test
    void someoneNotOnTheTeamIsToldToAskTheirAdmin() throws Exception {
        Team team = team();
        assertRefused(team, "stranger", null, "Ask your admin to invite you");
        assertThat(people.findByEmail(team.email("stranger"))).isEmpty();
    }

    @Test
    void aRemovedPersonSignsNobodyIn() throws Exception {
        Team team = team();
        Person gone = person(team, "gone", PersonStatus.ACTIVE);
        jdbc.sql("update people set status = 'removed', removed_at = :now where id = :id")
                .param("now", Timestamp.from(clock.instant())).param("id", gone.id()).update();
        assertRefused(team, "gone", null, "Ask your admin to invite you");
    }

    @Test
    void aPersonIsNeverSentToAnotherTenantsProvider() {
        Team team = team();
        Team other = team();
        // The other tenant's person has an email in the domain this tenant's provider listed (domains
        // are first come, unproven): they are not sent to this tenant's provider, so a tenant cannot
        // phish another's staff by listing their domain, nor sign them in.
        people.add(other.tenant().id(), team.email("mallory"), "mallory", Role.ADMIN, PersonStatus.ACTIVE, null,
                "test");
        ConsoleClient browser = new ConsoleClient(port);
        ConsoleClient.Page form = browser.get("/console/sign-in/company");
        ConsoleClient.Page answer = browser.post("/console/sign-in/company",
                Map.of("email", team.email("mallory"), "_csrf", form.csrf()));
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.text()).contains("No identity provider signs in").doesNotContain("continue-to-provider");
        assertSignedOut(browser);
    }

    @Test
    void aCallbackOutsideAStartedSignInSignsNobodyIn() {
        ConsoleClient browser = new ConsoleClient(port);
        ConsoleClient.Page back = browser.get("/console/sign-in/company/callback?code=abc&state=def");
        assertThat(back.status()).isEqualTo(403);
        assertThat(back.text()).contains("was not started in this browser");
        assertSignedOut(browser);
    }
}

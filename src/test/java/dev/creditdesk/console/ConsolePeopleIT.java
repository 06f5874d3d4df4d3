package dev.creditdesk.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creditdesk.people.People;
import dev.creditdesk.people.Person;
import dev.creditdesk.people.internal.Base32;
import dev.creditdesk.people.internal.StaffMail;
import dev.creditdesk.people.internal.Totp;
import dev.creditdesk.shared.Role;
import dev.creditdesk.shared.SignInBackoff;
import dev.creditdesk.support.Api;
import dev.creditdesk.support.IntegrationTest;
import dev.creditdesk.support.Jobs;
import dev.creditdesk.support.MailServer;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * People sign in as themselves: password, second factor, invitation and reset by email (GreenMail),
 * lockout, sessions that end when the person is removed or their password reset, admins only on
 * the people page and API.
 */
class ConsolePeopleIT extends IntegrationTest {

    static final String PASSWORD = "correct horse battery";

    @Autowired
    People people;

    @Autowired
    StaffMail staffMail;

    @Autowired
    SignInBackoff backoff;

    private static String email(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@team.example";
    }

    private ConsoleClient browser() {
        return new ConsoleClient(port, "10.15." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250));
    }

    static ConsoleClient.Page signIn(ConsoleClient browser, String email, String password) {
        String csrf = browser.get("/console/sign-in").csrf();
        return browser.post("/console/sign-in/password", Map.of("email", email, "password", password, "_csrf", csrf));
    }

    /** The one email GreenMail received for {@code recipient}, after the staff mail job ran. */
    private String mailTo(String recipient) throws Exception {
        Jobs.drain(staffMail::run);
        List<MimeMessage> to = Arrays.stream(MailServer.server().getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals(recipient);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertThat(to).isNotEmpty();
        return to.get(to.size() - 1).getContent().toString();
    }

    private static String link(String body, String path) {
        Matcher m = Pattern.compile("http://[^\\s]+(" + Pattern.quote(path) + "[A-Za-z0-9_-]+)").matcher(body);
        assertThat(m.find()).as(body).isTrue();
        return m.group(1);
    }

    @Test
    void anInvitedPersonSetsTheirPasswordFromTheEmailLinkAndTheEmailIsNotInTheOutbox() throws Exception {
        TestTenant tenant = newTenant();
        String address = email("grace");
        Api.Response invited = api.post("/v1/people", tenant.adminKey(),
                Map.of("email", address, "name", "Grace Hopper", "role", "support"));
        assertThat(invited.status()).as(invited.toString()).isEqualTo(201);
        assertThat(invited.text("object")).isEqualTo("person");
        assertThat(invited.text("status")).isEqualTo("invited");
        String id = invited.text("id");

        String body = mailTo(address);
        assertThat(body).contains("Grace Hopper").contains("7 days");
        String path = link(body, "/console/invitation/");
        JsonNode outbox = api.get("/v1/outbox", tenant.adminKey()).body().get("data");
        assertThat(outbox.toString()).doesNotContain(path.substring(path.lastIndexOf('/') + 1)).doesNotContain(address);

        ConsoleClient browser = browser();
        ConsoleClient.Page page = browser.get(path);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("Welcome, Grace Hopper").contains(address);
        ConsoleClient.Page tooShort = browser.post(path, Map.of("_csrf", page.csrf(), "password", "short",
                "password_again", "short"));
        assertThat(tooShort.status()).isEqualTo(422);
        assertThat(tooShort.text()).contains("The password must be 12 to 128 characters.");
        ConsoleClient.Page mismatch = browser.post(path, Map.of("_csrf", page.csrf(), "password", PASSWORD,
                "password_again", PASSWORD + "x"));
        assertThat(mismatch.text()).contains("The two passwords are not the same.");
        ConsoleClient.Page isEmail = browser.post(path, Map.of("_csrf", page.csrf(), "password", address,
                "password_again", address));
        assertThat(isEmail.text()).contains("The password must not be your email address.");
        assertThat(api.get("/v1/people", tenant.adminKey()).body().get("data").get(0).get("status").asString())
                .as("refused attempts change nothing").isEqualTo("invited");

        ConsoleClient.Page accepted = browser.post(path, Map.of("_csrf", page.csrf(), "password", PASSWORD,
                "password_again", PASSWORD));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(302);
        assertThat(accepted.location()).endsWith("/console/queue");
        ConsoleClient.Page queue = browser.get("/console/queue");
        assertThat(queue.status()).isEqualTo(200);
        assertThat(queue.text()).contains("Grace Hopper (support)");
        assertThat(api.get("/v1/people", tenant.adminKey()).body().get("data").get(0).get("status").asString())
                .isEqualTo("active");

        assertThat(browser().get(path).status()).as("the link works once").isEqualTo(404);
        assertThat(signIn(browser(), address, PASSWORD).location()).endsWith("/console/queue");

        Api.Response removed = api.post("/v1/people/" + id + "/remove", tenant.adminKey(), null);
        assertThat(removed.text("status")).isEqualTo("removed");
        assertThat(api.post("/v1/people/" + id + "/remove", tenant.adminKey(), null).status()).isEqualTo(409);
        assertThat(api.post("/v1/people/" + UUID.randomUUID() + "/remove", tenant.adminKey(), null).status())
                .isEqualTo(404);
    }

    @Test
    void theApiNamesWhatIsWrongAndIsForAdminsOnly() {
        TestTenant tenant = newTenant();
        Api.Response bad = api.unvalidatedRequest().post("/v1/people", tenant.adminKey(), Map.of("email", "not-an-email", "name", "",
                "role", "operator"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.toString()).contains("email").contains("name").contains("role");
        assertThat(api.get("/v1/people", tenant.supportKey()).status()).isEqualTo(403);
        assertThat(api.post("/v1/people", tenant.secretKey(), Map.of("email", email("x"), "name", "X",
                "role", "admin")).status()).isEqualTo(403);
        String taken = email("taken");
        assertThat(api.post("/v1/people", tenant.adminKey(), Map.of("email", taken, "name", "A", "role", "admin"))
                .status()).isEqualTo(201);
        Api.Response twice = api.post("/v1/people", newTenant().adminKey(),
                Map.of("email", taken.toUpperCase(), "name", "B", "role", "admin"));
        assertThat(twice.status()).isEqualTo(422);
        assertThat(twice.errorField()).isEqualTo("email");
    }

    @Test
    void fiveFailuresInARowPauseThePersonFor15MinutesWithTheSameAnswerAsAnUnknownEmail() {
        TestTenant tenant = newTenant();
        String address = email("ada");
        people.addWithPassword(tenant.id(), address, "Ada Lovelace", Role.SUPPORT, PASSWORD, "test");
        ConsoleClient browser = browser();
        for (int i = 0; i < 5; i++) {
            assertThat(signIn(browser, address, "wrong password " + i).location()).endsWith("/console/sign-in");
        }
        assertThat(signIn(browser, address, PASSWORD).location()).as("paused, even with the right password")
                .endsWith("/console/sign-in");
        String paused = browser.get("/console/sign-in").text();
        ConsoleClient stranger = browser();
        signIn(stranger, email("nobody"), PASSWORD);
        String unknown = stranger.get("/console/sign-in").text();
        assertThat(paused).contains("The email or password is not right.");
        assertThat(paused.replaceAll("name=\"_csrf\" value=\"[^\"]+\"", ""))
                .isEqualTo(unknown.replaceAll("name=\"_csrf\" value=\"[^\"]+\"", ""));
        assertThat(browser.get("/console/queue").status()).isEqualTo(302);

        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        assertThat(signIn(browser, address, PASSWORD).location()).endsWith("/console/queue");
        assertThat(browser.get("/console/queue").status()).isEqualTo(200);
    }

    @Test
    void aPasswordResetByEmailEndsThePersonsOtherSessionsAndTheLinkWorksOnce() throws Exception {
        TestTenant tenant = newTenant();
        String address = email("linus");
        people.addWithPassword(tenant.id(), address, "Linus Pauling", Role.ADMIN, PASSWORD, "test");
        ConsoleClient elsewhere = browser();
        assertThat(signIn(elsewhere, address, PASSWORD).location()).endsWith("/console/queue");
        assertThat(elsewhere.get("/console/queue").status()).isEqualTo(200);

        ConsoleClient browser = browser();
        String csrf = browser.get("/console/sign-in/forgot").csrf();
        String known = browser.post("/console/sign-in/forgot", Map.of("email", address, "_csrf", csrf)).text();
        String unknownAddress = email("nobody");
        String unknown = browser.post("/console/sign-in/forgot", Map.of("email", unknownAddress, "_csrf", csrf)).text();
        assertThat(known.replace(address, "X")).isEqualTo(unknown.replace(unknownAddress, "X"));

        String path = link(mailTo(address), "/console/password-reset/");
        ConsoleClient.Page page = browser.get(path);
        assertThat(page.text()).contains("Choose a new password");
        String newPassword = "a much better passphrase";
        ConsoleClient.Page reset = browser.post(path, Map.of("_csrf", page.csrf(), "password", newPassword,
                "password_again", newPassword));
        assertThat(reset.location()).endsWith("/console/sign-in");

        assertThat(elsewhere.get("/console/queue").location()).endsWith("/console/sign-in?revoked");
        assertThat(browser().get(path).status()).isEqualTo(404);
        assertThat(signIn(browser(), address, PASSWORD).location()).endsWith("/console/sign-in");
        assertThat(signIn(browser(), address, newPassword).location()).endsWith("/console/queue");

        ConsoleClient flood = browser();
        for (int i = 0; i < 4; i++) {
            assertThat(csrfPost(flood, "/console/sign-in/forgot", Map.of("email", address))).contains("we have sent");
        }
        Jobs.drain(staffMail::run);
        assertThat(Arrays.stream(MailServer.server().getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals(address);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).count()).as("at most 3 reset emails in 15 minutes").isEqualTo(3);

        clock.advance(Duration.ofHours(1).plusSeconds(1));
        String late = csrfPost(browser(), "/console/sign-in/forgot", Map.of("email", address));
        assertThat(late).contains("we have sent");
        String expired = link(mailTo(address), "/console/password-reset/");
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        assertThat(browser().get(expired).status()).as("an hour later").isEqualTo(404);
    }

    private static String csrfPost(ConsoleClient browser, String path, Map<String, String> fields) {
        String csrf = browser.get(path).csrf();
        Map<String, String> all = new java.util.LinkedHashMap<>(fields);
        all.put("_csrf", csrf);
        return browser.post(path, all).text();
    }

    @Test
    void withASecondFactorTheSessionIsNotSignedInUntilTheCodeIsGivenAndACodeWorksOnce() {
        TestTenant tenant = newTenant();
        String address = email("katherine");
        people.addWithPassword(tenant.id(), address, "Katherine Johnson", Role.SUPPORT, PASSWORD, "test");
        ConsoleClient browser = browser();
        signIn(browser, address, PASSWORD);
        ConsoleClient.Page account = browser.get("/console/account");
        browser.post("/console/account/second-factor", Map.of("_csrf", account.csrf()));
        account = browser.get("/console/account");
        Matcher key = Pattern.compile("id=\"totp-key\">([A-Z2-7]+)<").matcher(account.body());
        assertThat(key.find()).as(account.toString()).isTrue();
        assertThat(account.body()).contains("otpauth://totp/");
        byte[] secret = Base32.decode(key.group(1));

        ConsoleClient.Page wrong = browser.post("/console/account/second-factor/confirm",
                Map.of("_csrf", account.csrf(), "code", "000000".equals(code(secret)) ? "111111" : "000000"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.text()).contains("The code is not the current code of the new key");
        String confirmCode = code(secret);
        ConsoleClient.Page on = browser.post("/console/account/second-factor/confirm",
                Map.of("_csrf", account.csrf(), "code", confirmCode));
        Matcher recovery = Pattern.compile("<code>([a-z2-7]{5}-[a-z2-7]{5})</code>").matcher(on.body());
        assertThat(recovery.find()).as(on.toString()).isTrue();
        String recoveryCode = recovery.group(1);

        ConsoleClient other = browser();
        assertThat(signIn(other, address, PASSWORD).location()).endsWith("/console/sign-in/code");
        assertThat(other.get("/console/queue").status()).as("not signed in yet").isEqualTo(302);
        ConsoleClient.Page codePage = other.get("/console/sign-in/code");
        assertThat(codePage.text()).contains("Enter your code");
        assertThat(other.post("/console/sign-in/code", Map.of("_csrf", codePage.csrf(), "code", confirmCode))
                .location()).as("the code that confirmed the setup is used").endsWith("/console/sign-in/code");
        assertThat(other.get("/console/sign-in/code").text()).contains("That code is not right");

        clock.advance(Duration.ofSeconds(30));
        assertThat(other.post("/console/sign-in/code", Map.of("_csrf", codePage.csrf(), "code", code(secret)))
                .location()).endsWith("/console/queue");
        assertThat(other.get("/console/queue").status()).isEqualTo(200);

        ConsoleClient third = browser();
        signIn(third, address, PASSWORD);
        String csrf = third.get("/console/sign-in/code").csrf();
        assertThat(third.post("/console/sign-in/code", Map.of("_csrf", csrf, "code", recoveryCode)).location())
                .endsWith("/console/queue");
        ConsoleClient fourth = browser();
        signIn(fourth, address, PASSWORD);
        csrf = fourth.get("/console/sign-in/code").csrf();
        assertThat(fourth.post("/console/sign-in/code", Map.of("_csrf", csrf, "code", recoveryCode)).location())
                .as("a recovery code works once").endsWith("/console/sign-in/code");
    }

    private String code(byte[] secret) {
        return Totp.code(secret, Totp.step(clock.instant()), 6);
    }

    @Test
    void removingAPersonEndsTheirLiveSessionAndSupportIsRefusedThePeoplePage() {
        TestTenant tenant = newTenant();
        String adminAddress = email("admin");
        String supportAddress = email("support");
        people.addWithPassword(tenant.id(), adminAddress, "Ada Admin", Role.ADMIN, PASSWORD, "test");
        Person agent = people.addWithPassword(tenant.id(), supportAddress, "Sam Support", Role.SUPPORT, PASSWORD,
                "test");
        ConsoleClient support = browser();
        signIn(support, supportAddress, PASSWORD);
        assertThat(support.get("/console/queue").status()).isEqualTo(200);
        assertThat(support.get("/console/people").status()).isEqualTo(403);

        ConsoleClient admin = browser();
        signIn(admin, adminAddress, PASSWORD);
        ConsoleClient.Page list = admin.get("/console/people");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.text()).contains("Sam Support").contains(supportAddress).contains("Ada Admin");
        ConsoleClient.Page invalid = admin.post("/console/people", Map.of("_csrf", list.csrf(), "email", "nope",
                "name", "", "role", "root"));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.text()).contains("Email is not an email address.").contains("Name is required.")
                .contains("Role must be support or admin.");

        ConsoleClient.Page confirm = admin.get("/console/people/" + agent.id() + "/remove");
        assertThat(confirm.text()).contains("Sam Support can no longer sign in");
        assertThat(support.get("/console/queue").status()).as("nothing happens before the confirmation")
                .isEqualTo(200);
        ConsoleClient.Page removed = admin.post("/console/people/" + agent.id() + "/remove",
                Map.of("_csrf", confirm.csrf()));
        assertThat(removed.location()).endsWith("/console/people");
        assertThat(admin.get("/console/people").text()).contains("Sam Support was removed.");

        ConsoleClient.Page after = support.get("/console/queue");
        assertThat(after.status()).isEqualTo(302);
        assertThat(after.location()).endsWith("/console/sign-in?revoked");
        assertThat(signIn(browser(), supportAddress, PASSWORD).location()).endsWith("/console/sign-in");

        Person me = people.findByEmail(adminAddress).orElseThrow();
        ConsoleClient.Page own = admin.post("/console/people/" + me.id() + "/remove",
                Map.of("_csrf", admin.get("/console/people").csrf()));
        assertThat(own.status()).isEqualTo(409);
        assertThat(own.text()).contains("You cannot remove yourself");
    }

    @Test
    void theAddressBackoffCountsWrongPasswordsAndThenChecksNoPassword() {
        TestTenant tenant = newTenant();
        String address = email("joan");
        people.addWithPassword(tenant.id(), address, "Joan Clarke", Role.SUPPORT, PASSWORD, "test");
        String from = "10.16.0." + (int) (Math.random() * 250);
        backoff.use(from, new SignInBackoff.Settings(2, Duration.ofSeconds(30), Duration.ofMinutes(15),
                Duration.ofHours(1)));
        ConsoleClient browser = new ConsoleClient(port, from);
        assertThat(signIn(browser, email("nobody"), "wrong password 1").status()).isEqualTo(302);
        assertThat(signIn(browser, address, "wrong password 2").status()).isEqualTo(302);
        ConsoleClient.Page refused = signIn(browser, address, PASSWORD);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.text()).contains("Too many failed sign-ins from your address")
                .contains("The password was not checked.");
        clock.advance(Duration.ofSeconds(31));
        assertThat(signIn(browser, address, PASSWORD).location()).endsWith("/console/queue");
    }

    @Test
    void aNewRoleAChangedPasswordAndAResetSecondFactorTakeEffect() throws Exception {
        TestTenant tenant = newTenant();
        String adminAddress = email("boss");
        String agentAddress = email("agent");
        people.addWithPassword(tenant.id(), adminAddress, "Barbara Liskov", Role.ADMIN, PASSWORD, "test");
        Person agent = people.addWithPassword(tenant.id(), agentAddress, "Alan Kay", Role.SUPPORT, PASSWORD, "test");
        ConsoleClient admin = browser();
        signIn(admin, adminAddress, PASSWORD);
        ConsoleClient agentBrowser = browser();
        signIn(agentBrowser, agentAddress, PASSWORD);
        assertThat(agentBrowser.get("/console/people").status()).isEqualTo(403);

        // a new role: the agent's session ends, and the next one is an admin's
        ConsoleClient.Page confirm = admin.get("/console/people/" + agent.id() + "/role?role=admin");
        assertThat(confirm.text()).contains("Alan Kay becomes an admin. Their sessions end");
        assertThat(admin.post("/console/people/" + agent.id() + "/role", Map.of("_csrf", confirm.csrf(),
                "role", "admin")).location()).endsWith("/console/people");
        assertThat(agentBrowser.get("/console/queue").location()).endsWith("/console/sign-in?revoked");
        signIn(agentBrowser, agentAddress, PASSWORD);
        assertThat(agentBrowser.get("/console/people").status()).isEqualTo(200);
        assertThat(admin.post("/console/people/" + agent.id() + "/role", Map.of("_csrf", confirm.csrf(),
                "role", "owner")).status()).as("a role that does not exist").isEqualTo(400);

        // changing one's own password keeps this session and ends the others
        ConsoleClient second = browser();
        signIn(second, agentAddress, PASSWORD);
        ConsoleClient.Page account = agentBrowser.get("/console/account");
        ConsoleClient.Page wrongCurrent = agentBrowser.post("/console/account/password", Map.of("_csrf",
                account.csrf(), "current_password", "not it at all", "password", "another good password",
                "password_again", "another good password"));
        assertThat(wrongCurrent.status()).isEqualTo(422);
        assertThat(wrongCurrent.text()).contains("The current password is not your current password.");
        assertThat(agentBrowser.post("/console/account/password", Map.of("_csrf", account.csrf(),
                "current_password", PASSWORD, "password", "another good password",
                "password_again", "another good password")).location()).endsWith("/console/account");
        assertThat(agentBrowser.get("/console/account").text()).contains("Your password is changed");
        assertThat(second.get("/console/queue").location()).endsWith("/console/sign-in?revoked");

        // an admin resets a second factor: the password alone signs in again
        account = agentBrowser.get("/console/account");
        agentBrowser.post("/console/account/second-factor", Map.of("_csrf", account.csrf()));
        Matcher key = Pattern.compile("id=\"totp-key\">([A-Z2-7]+)<").matcher(agentBrowser.get("/console/account").body());
        assertThat(key.find()).isTrue();
        agentBrowser.post("/console/account/second-factor/confirm", Map.of("_csrf", account.csrf(),
                "code", code(Base32.decode(key.group(1)))));
        assertThat(signIn(browser(), agentAddress, "another good password").location())
                .endsWith("/console/sign-in/code");
        confirm = admin.get("/console/people/" + agent.id() + "/reset-second-factor");
        assertThat(admin.post("/console/people/" + agent.id() + "/reset-second-factor",
                Map.of("_csrf", confirm.csrf())).location()).endsWith("/console/people");
        assertThat(signIn(browser(), agentAddress, "another good password").location()).endsWith("/console/queue");
    }

    @Test
    void sendingTheInvitationAgainReplacesTheLink() throws Exception {
        TestTenant tenant = newTenant();
        String address = email("edsger");
        String id = api.post("/v1/people", tenant.adminKey(), Map.of("email", address, "name", "Edsger Dijkstra",
                "role", "admin")).text("id");
        String first = link(mailTo(address), "/console/invitation/");
        String adminAddress = email("boss");
        people.addWithPassword(tenant.id(), adminAddress, "Barbara Liskov", Role.ADMIN, PASSWORD, "test");
        ConsoleClient admin = browser();
        signIn(admin, adminAddress, PASSWORD);
        ConsoleClient.Page confirm = admin.get("/console/people/" + id + "/resend");
        assertThat(admin.post("/console/people/" + id + "/resend", Map.of("_csrf", confirm.csrf())).location())
                .endsWith("/console/people");
        String second = link(mailTo(address), "/console/invitation/");
        assertThat(second).isNotEqualTo(first);
        assertThat(browser().get(first).status()).isEqualTo(404);
        assertThat(browser().get(second).status()).isEqualTo(200);
        assertThat(admin.get("/console/people").text()).contains("Edsger Dijkstra").contains("invited")
                .contains("the admin key");
    }
}

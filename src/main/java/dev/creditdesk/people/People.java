package dev.creditdesk.people;

import dev.creditdesk.people.internal.Base32;
import dev.creditdesk.people.internal.PersonStore;
import dev.creditdesk.people.internal.PersonStore.Credentials;
import dev.creditdesk.people.internal.PersonTokens;
import dev.creditdesk.people.internal.PersonTokens.Purpose;
import dev.creditdesk.people.internal.StaffMail;
import dev.creditdesk.people.internal.Totp;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.FieldProblem;
import dev.creditdesk.shared.Fields;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.Role;
import dev.creditdesk.shared.SecretBox;
import dev.creditdesk.tenants.Tenant;
import dev.creditdesk.tenants.Tenants;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The tenant's people: who they are, how they prove it (password, optional TOTP second factor,
 * recovery codes), their invitations and password resets, and whether they are still in force
 * (their sessions check on every request).
 */
@Service
public class People {

    public static final int PASSWORD_MIN = 12;
    public static final int PASSWORD_MAX = 128;
    public static final int FAILURES_BEFORE_LOCK = 5;
    public static final Duration LOCK = Duration.ofMinutes(15);
    public static final Duration INVITATION_TTL = Duration.ofDays(7);
    public static final Duration RESET_TTL = Duration.ofHours(1);
    public static final int RECOVERY_CODES = 10;
    /** At most this many reset emails to one person in {@link #RESETS_WINDOW}: the form cannot flood an inbox. */
    public static final int RESETS_PER_WINDOW = 3;
    public static final Duration RESETS_WINDOW = Duration.ofMinutes(15);

    private static final PasswordEncoder ENCODER = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    /** Checked against when the email is nobody's, so that answer takes as long as a wrong password. */
    private static final String NOBODY = ENCODER.encode("nobody-has-this-password");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PersonStore store;
    private final PersonTokens tokens;
    private final StaffMail mail;
    private final SecretBox box;
    private final Tenants tenants;
    private final Clock clock;
    private final String publicUrl;

    People(PersonStore store, PersonTokens tokens, StaffMail mail, SecretBox box, Tenants tenants, Clock clock,
            @Value("${creditdesk.public-url:http://localhost:8080}") String publicUrl) {
        this.store = store;
        this.tokens = tokens;
        this.mail = mail;
        this.box = box;
        this.tenants = tenants;
        this.clock = clock;
        this.publicUrl = publicUrl.replaceAll("/+$", "");
    }

    public Optional<Person> find(UUID tenantId, UUID id) {
        return store.find(tenantId, id);
    }

    /** The person, not removed, with this email (compared lower-cased), in any tenant. */
    public Optional<Person> findByEmail(String email) {
        return store.findByEmail(email.trim().toLowerCase(Locale.ROOT));
    }

    public List<Person> list(UUID tenantId) {
        return store.list(tenantId);
    }

    /** The people page's list: active and invited first, by name; removed ones last. */
    public List<Member> members(UUID tenantId) {
        return store.members(tenantId);
    }

    /** Whether a person signed in earlier may still work: active, not removed since. */
    public boolean inForce(UUID personId) {
        return store.active(personId);
    }

    /**
     * Whether a session that began at {@code sessionGeneration} may go on: the person is active and
     * their password was not reset or changed since (either grows the generation).
     */
    public boolean inForce(UUID personId, int sessionGeneration) {
        return store.active(personId, sessionGeneration);
    }

    /** The generation a session of this person begins with now (for sessions signed in another way). */
    public int sessionGeneration(UUID personId) {
        return store.credentials(personId).map(Credentials::sessionGeneration).orElse(0);
    }

    /**
     * Adds an active person with a password already hashed (demo data, tests), or an invited one
     * (passwordHash null). The invitation flow (token, email) is built on this.
     */
    @Transactional
    public Person add(UUID tenantId, String email, String name, Role role, PersonStatus status, String passwordHash,
            String addedBy) {
        if (role != Role.SUPPORT && role != Role.ADMIN) {
            throw new IllegalArgumentException("people are support agents or admins");
        }
        Person person = new Person(Ids.newId(clock), tenantId, email.trim().toLowerCase(Locale.ROOT), name.trim(), role,
                status, false, clock.instant());
        store.insert(person, passwordHash, addedBy);
        return person;
    }

    /** Adds an active person who signs in with {@code password} (demo data, tests). */
    @Transactional
    public Person addWithPassword(UUID tenantId, String email, String name, Role role, String password,
            String addedBy) {
        List<FieldProblem> errors = new ArrayList<>();
        checkPassword(password, email, errors);
        Fields.throwIfAny(errors);
        return add(tenantId, email, name, role, PersonStatus.ACTIVE, ENCODER.encode(password), addedBy);
    }

    // ---- invitations --------------------------------------------------------------------------

    /**
     * Invites a person: invited (no password), with a link by email valid for 7 days to set their
     * password. Refuses an email that already belongs to someone who is not removed.
     */
    @Transactional
    public Person invite(UUID tenantId, String email, String name, String role, String invitedBy) {
        List<FieldProblem> errors = new ArrayList<>();
        String address = Fields.requiredEmail(email, "email", errors);
        String fullName = Fields.requiredText(name, "name", 200, errors);
        Role wanted = role(role, errors);
        Fields.throwIfAny(errors);
        if (findByEmail(address).isPresent()) {
            throw ApiProblem.unprocessable("email-taken", "email",
                    "already belongs to a person (of this or another tenant); remove them first");
        }
        Person person = add(tenantId, address, fullName, wanted, PersonStatus.INVITED, null, invitedBy);
        sendInvitation(person, invitedBy);
        return person;
    }

    /** Sends a new invitation link to a person still invited; the earlier link stops working. */
    @Transactional
    public Person resendInvitation(UUID tenantId, UUID personId, String by) {
        Person person = require(tenantId, personId);
        if (person.status() != PersonStatus.INVITED) {
            throw ApiProblem.conflict("not-invited", person.name() + " is " + person.status().wireName()
                    + ", not invited: there is no invitation to send again.");
        }
        sendInvitation(person, by);
        return person;
    }

    private void sendInvitation(Person person, String by) {
        Instant now = clock.instant();
        String token = tokens.issue(person.id(), Purpose.INVITATION, now, now.plus(INVITATION_TTL));
        Tenant tenant = tenants.require(person.tenantId());
        String inviter = by != null && by.startsWith("person:")
                ? find(person.tenantId(), UUID.fromString(by.substring("person:".length()))).map(Person::name)
                        .orElse("An admin")
                : "An admin";
        mail.queue(person.id(), StaffEmailKind.INVITATION, tenant.settings().supportEmail(), person.email(),
                "You are invited to the " + tenant.name() + " support console",
                "Hello " + person.name() + ",\n\n" + inviter + " invited you to the " + tenant.name()
                        + " support console as " + (person.role() == Role.ADMIN ? "an admin" : "a support agent")
                        + ".\n\nSet your password here within 7 days (the link works once):\n\n"
                        + publicUrl + "/console/invitation/" + token
                        + "\n\nIf you did not expect this, ignore this email.\n");
    }

    /** The invited person a live invitation link belongs to. */
    public Optional<Person> invitation(String token) {
        return tokens.holder(token, Purpose.INVITATION, clock.instant()).flatMap(store::credentials)
                .map(Credentials::person).filter(p -> p.status() == PersonStatus.INVITED);
    }

    /** Sets the invited person's password: they become active. A link used or expired answers 404. */
    @Transactional
    public Person acceptInvitation(String token, String password) {
        Person person = invitation(token).orElseThrow(People::linkGone);
        List<FieldProblem> errors = new ArrayList<>();
        checkPassword(password, person.email(), errors);
        Fields.throwIfAny(errors);
        tokens.use(token, Purpose.INVITATION, clock.instant()).orElseThrow(People::linkGone);
        store.setPassword(person.id(), ENCODER.encode(password), true, clock.instant());
        return store.credentials(person.id()).orElseThrow().person();
    }

    // ---- password reset ---------------------------------------------------------------------

    /**
     * Sends a reset link (valid 1 hour, once) to an active person with this email; for anyone else,
     * or after {@link #RESETS_PER_WINDOW} links in {@link #RESETS_WINDOW}, it does nothing, and the
     * caller answers the same either way.
     */
    @Transactional
    public void requestPasswordReset(String email) {
        if (email == null || email.isBlank() || email.length() > 254) {
            return;
        }
        Optional<Person> found = findByEmail(email).filter(p -> p.status() == PersonStatus.ACTIVE);
        if (found.isEmpty()) {
            return;
        }
        Person person = found.get();
        Instant now = clock.instant();
        if (mail.queuedSince(person.id(), StaffEmailKind.PASSWORD_RESET, now.minus(RESETS_WINDOW)) >= RESETS_PER_WINDOW) {
            return;
        }
        String token = tokens.issue(person.id(), Purpose.PASSWORD_RESET, now, now.plus(RESET_TTL));
        Tenant tenant = tenants.require(person.tenantId());
        mail.queue(person.id(), StaffEmailKind.PASSWORD_RESET, tenant.settings().supportEmail(), person.email(),
                "Reset your password for the " + tenant.name() + " support console",
                "Hello " + person.name() + ",\n\nsomeone, hopefully you, asked to reset your password for the "
                        + tenant.name() + " support console. Choose a new one here within 1 hour (the link works "
                        + "once):\n\n" + publicUrl + "/console/password-reset/" + token
                        + "\n\nIf it was not you, ignore this email: your password stays as it is.\n");
    }

    public Optional<Person> passwordReset(String token) {
        return tokens.holder(token, Purpose.PASSWORD_RESET, clock.instant()).flatMap(store::credentials)
                .map(Credentials::person).filter(p -> p.status() == PersonStatus.ACTIVE);
    }

    /** Sets a new password from a reset link; every session the person had ends. */
    @Transactional
    public Person resetPassword(String token, String password) {
        Person person = passwordReset(token).orElseThrow(People::linkGone);
        List<FieldProblem> errors = new ArrayList<>();
        checkPassword(password, person.email(), errors);
        Fields.throwIfAny(errors);
        tokens.use(token, Purpose.PASSWORD_RESET, clock.instant()).orElseThrow(People::linkGone);
        store.setPassword(person.id(), ENCODER.encode(password), false, clock.instant());
        return person;
    }

    /**
     * Changes the signed-in person's password after checking the current one; their other sessions
     * end. Answers the generation the current session continues with.
     */
    @Transactional
    public int changePassword(UUID tenantId, UUID personId, String current, String password) {
        Credentials who = credentials(tenantId, personId);
        List<FieldProblem> errors = new ArrayList<>();
        if (current == null || who.passwordHash() == null || !ENCODER.matches(current, who.passwordHash())) {
            errors.add(new FieldProblem("current_password", "is not your current password"));
        }
        checkPassword(password, who.person().email(), errors);
        Fields.throwIfAny(errors);
        return store.setPassword(personId, ENCODER.encode(password), false, clock.instant());
    }

    // ---- signing in --------------------------------------------------------------------------

    /** The first step: email and password. Five failures in a row pause the person for 15 minutes. */
    @Transactional
    public SignIn signIn(String email, String password) {
        Optional<Credentials> found = email == null || email.isBlank() || email.length() > 254
                ? Optional.empty()
                : findByEmail(email).flatMap(p -> store.credentials(p.id()));
        if (found.isEmpty() || found.get().passwordHash() == null) {
            ENCODER.matches(password == null ? "" : password, NOBODY);
            return new SignIn.Refused(SignIn.NOT_ACCEPTED);
        }
        Credentials who = found.get();
        Instant now = clock.instant();
        if (locked(who, now) || password == null || password.length() > PASSWORD_MAX) {
            // as slow as a checked password, so the answer's time tells nothing about the account
            ENCODER.matches(password == null || password.length() > PASSWORD_MAX ? "" : password, NOBODY);
            if (!locked(who, now)) {
                store.failed(who.person().id(), FAILURES_BEFORE_LOCK, now, now.plus(LOCK));
            }
            return new SignIn.Refused(SignIn.NOT_ACCEPTED);
        }
        if (!ENCODER.matches(password, who.passwordHash()) || who.person().status() != PersonStatus.ACTIVE) {
            store.failed(who.person().id(), FAILURES_BEFORE_LOCK, now, now.plus(LOCK));
            return new SignIn.Refused(SignIn.NOT_ACCEPTED);
        }
        if (ENCODER.upgradeEncoding(who.passwordHash())) {
            store.rehash(who.person().id(), ENCODER.encode(password));
        }
        if (who.totpSecret() != null) {
            return new SignIn.CodeNeeded(who.person());
        }
        store.succeeded(who.person().id(), now);
        return new SignIn.SignedIn(who.person(), who.sessionGeneration());
    }

    /**
     * The second step, for a person whose password was right: a code from their authenticator app
     * (each accepted once) or one of their recovery codes. Failures count towards the lockout.
     */
    @Transactional
    public SignIn secondFactor(UUID personId, String code) {
        Credentials who = store.credentials(personId).orElse(null);
        Instant now = clock.instant();
        if (who == null || who.person().status() != PersonStatus.ACTIVE || who.totpSecret() == null) {
            return new SignIn.Refused("Sign in again with your email and password.");
        }
        if (locked(who, now)) {
            return new SignIn.Refused(SignIn.NOT_ACCEPTED);
        }
        if (!codeAccepted(who, code, now, true)) {
            store.failed(personId, FAILURES_BEFORE_LOCK, now, now.plus(LOCK));
            return new SignIn.Refused("That code is not right (or was used already). Enter the current 6-digit code "
                    + "from your authenticator app, or one of your recovery codes.");
        }
        store.succeeded(personId, now);
        return new SignIn.SignedIn(who.person(), who.sessionGeneration());
    }

    private static boolean locked(Credentials who, Instant now) {
        return who.lockedUntil() != null && who.lockedUntil().isAfter(now);
    }

    private boolean codeAccepted(Credentials who, String code, Instant now, boolean recoveryAllowed) {
        OptionalLong step = Totp.verify(Base32.decode(box.open(who.totpSecret())), code, now, who.totpLastStep());
        if (step.isPresent()) {
            return store.acceptStep(who.person().id(), step.getAsLong());
        }
        return recoveryAllowed && code != null && code.length() <= 40
                && store.useRecoveryCode(who.person().id(), PersonTokens.sha256(normaliseRecovery(code)), now);
    }

    // ---- second factor -----------------------------------------------------------------------

    /** Starts setting up a second factor: a new key, kept aside until a code from it confirms it. */
    @Transactional
    public SecondFactorSetup beginSecondFactor(UUID tenantId, UUID personId) {
        Credentials who = credentials(tenantId, personId);
        if (who.totpSecret() != null) {
            throw ApiProblem.conflict("second-factor-on", "Your second factor is already on; turn it off first.");
        }
        String key = Base32.encode(Totp.newSecret());
        store.setPendingSecondFactor(personId, box.seal(key), clock.instant());
        return setup(who.person(), key);
    }

    /** The second factor being set up, if one is. */
    public Optional<SecondFactorSetup> pendingSecondFactor(UUID tenantId, UUID personId) {
        Credentials who = credentials(tenantId, personId);
        return Optional.ofNullable(who.totpPendingSecret()).map(sealed -> setup(who.person(), box.open(sealed)));
    }

    private SecondFactorSetup setup(Person person, String key) {
        String issuer = "Creditdesk " + tenants.require(person.tenantId()).name();
        return new SecondFactorSetup(key, Totp.uri(issuer, person.email(), Base32.decode(key)));
    }

    /** Confirms the pending second factor with a code from it; answers the ten recovery codes, shown once. */
    @Transactional
    public List<String> confirmSecondFactor(UUID tenantId, UUID personId, String code) {
        Credentials who = credentials(tenantId, personId);
        if (who.totpPendingSecret() == null) {
            throw ApiProblem.conflict("no-setup", "Start setting up the second factor first.");
        }
        OptionalLong step = Totp.verify(Base32.decode(box.open(who.totpPendingSecret())), code, clock.instant(), null);
        if (step.isEmpty()) {
            throw ApiProblem.invalid("code", "is not the current code of the new key: check the app's clock and "
                    + "type the 6 digits it shows now");
        }
        store.confirmSecondFactor(personId, step.getAsLong(), clock.instant());
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            byte[] bytes = new byte[7];
            RANDOM.nextBytes(bytes);
            String raw = Base32.encode(bytes).toLowerCase(Locale.ROOT).substring(0, 10);
            codes.add(raw.substring(0, 5) + "-" + raw.substring(5));
        }
        store.replaceRecoveryCodes(personId, codes.stream().map(c -> PersonTokens.sha256(normaliseRecovery(c))).toList());
        return codes;
    }

    /** Turns the person's own second factor off, with a current code (or a recovery code). */
    @Transactional
    public void turnOffSecondFactor(UUID tenantId, UUID personId, String code) {
        Credentials who = credentials(tenantId, personId);
        if (who.totpSecret() == null) {
            throw ApiProblem.conflict("second-factor-off", "Your second factor is not on.");
        }
        if (!codeAccepted(who, code, clock.instant(), true)) {
            throw ApiProblem.invalid("code", "is not a current code from your authenticator app nor an unused "
                    + "recovery code");
        }
        store.clearSecondFactor(personId, clock.instant());
    }

    public int recoveryCodesLeft(UUID personId) {
        return store.recoveryCodesLeft(personId);
    }

    private static String normaliseRecovery(String code) {
        return code.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
    }

    // ---- an admin's changes ------------------------------------------------------------------

    /** An admin changes a person's role (their sessions end: they sign in again with it); never their own. */
    @Transactional
    public Person changeRole(UUID tenantId, UUID personId, String role, String by) {
        List<FieldProblem> errors = new ArrayList<>();
        Role wanted = role(role, errors);
        Fields.throwIfAny(errors);
        Person person = require(tenantId, personId);
        refuseOwnOrRemoved(person, by, "change the role of");
        store.setRole(personId, wanted, clock.instant());
        return require(tenantId, personId);
    }

    /** Removes a person: their sessions end at their next request, their links stop working. */
    @Transactional
    public Person remove(UUID tenantId, UUID personId, String by) {
        Person person = require(tenantId, personId);
        refuseOwnOrRemoved(person, by, "remove");
        Instant now = clock.instant();
        store.remove(personId, now);
        tokens.endAll(personId, Purpose.INVITATION, now);
        tokens.endAll(personId, Purpose.PASSWORD_RESET, now);
        return require(tenantId, personId);
    }

    /** An admin turns a person's second factor off (a lost phone); they sign in with the password alone. */
    @Transactional
    public Person resetSecondFactor(UUID tenantId, UUID personId, String by) {
        Person person = require(tenantId, personId);
        refuseOwnOrRemoved(person, by, "reset the second factor of");
        if (!person.secondFactor()) {
            throw ApiProblem.conflict("second-factor-off", person.name() + " has no second factor to reset.");
        }
        store.clearSecondFactor(personId, clock.instant());
        return require(tenantId, personId);
    }

    private static void refuseOwnOrRemoved(Person person, String by, String what) {
        if (person.actor().equals(by)) {
            throw ApiProblem.conflict("own-account", "You cannot " + what + " yourself; ask another admin.");
        }
        if (person.status() == PersonStatus.REMOVED) {
            throw ApiProblem.conflict("person-removed", person.name() + " was removed already.");
        }
    }

    private static ApiProblem linkGone() {
        return new ApiProblem(404, "link-gone", "Link not valid",
                "This link was used already, has expired, or was replaced by a newer one.");
    }

    private Person require(UUID tenantId, UUID personId) {
        return store.find(tenantId, personId).orElseThrow(() -> ApiProblem.notFound("person", personId));
    }

    private Credentials credentials(UUID tenantId, UUID personId) {
        return store.credentials(personId).filter(c -> c.person().tenantId().equals(tenantId))
                .orElseThrow(() -> ApiProblem.notFound("person", personId));
    }

    private static Role role(String role, List<FieldProblem> errors) {
        if ("support".equals(role)) {
            return Role.SUPPORT;
        }
        if ("admin".equals(role)) {
            return Role.ADMIN;
        }
        errors.add(new FieldProblem("role", "must be support or admin"));
        return null;
    }

    /** 12 to 128 characters, and not the email. */
    public static void checkPassword(String password, String email, List<FieldProblem> errors) {
        if (password == null || password.length() < PASSWORD_MIN || password.length() > PASSWORD_MAX) {
            errors.add(new FieldProblem("password", "must be " + PASSWORD_MIN + " to " + PASSWORD_MAX + " characters"));
        } else if (email != null && password.trim().equalsIgnoreCase(email.trim())) {
            errors.add(new FieldProblem("password", "must not be your email address"));
        }
    }

    /**
     * The tenant's invited or active person with this email, whom the tenant's identity provider has
     * just signed in: an invited one becomes active (the provider proved the email). Empty for an
     * email of nobody on the team, of a removed person, or of another tenant's person.
     */
    @Transactional
    public Optional<Person> signedInByIdentityProvider(UUID tenantId, String email) {
        return findByEmail(email).filter(person -> person.tenantId().equals(tenantId)).map(person -> {
            if (person.status() == PersonStatus.INVITED) {
                store.activateInvited(person.id(), clock.instant());
                return store.find(tenantId, person.id()).orElseThrow();
            }
            return person;
        });
    }
}

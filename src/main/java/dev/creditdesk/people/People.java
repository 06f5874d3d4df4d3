package dev.creditdesk.people;

import dev.creditdesk.people.internal.PersonStore;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.Role;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The tenant's people: who they are, and whether they are still in force (their sessions check). */
@Service
public class People {

    private final PersonStore store;
    private final Clock clock;

    People(PersonStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
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

    /** Whether a person signed in earlier may still work: active, not removed since. */
    public boolean inForce(UUID personId) {
        return store.active(personId);
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

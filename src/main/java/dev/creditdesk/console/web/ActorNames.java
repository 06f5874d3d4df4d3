package dev.creditdesk.console.web;

import dev.creditdesk.people.People;
import dev.creditdesk.people.Person;
import dev.creditdesk.tenants.ApiKeyInfo;
import dev.creditdesk.tenants.ApiKeys;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Who did something, in words: a person by name ({@code person:<id>} → "Ada Lovelace"), a key by its
 * role and prefix, the policy, the customer; anything else as recorded.
 */
@Component
public class ActorNames {

    private final People people;
    private final ApiKeys keys;

    ActorNames(People people, ApiKeys keys) {
        this.people = people;
        this.keys = keys;
    }

    public String name(ConsoleUser viewer, String actor) {
        if (actor == null) {
            return "";
        }
        if (actor.equals("policy")) {
            return "the policy";
        }
        if (actor.equals("customer")) {
            return "the customer";
        }
        if (actor.startsWith("person:")) {
            String id = actor.substring("person:".length());
            UUID personId;
            try {
                personId = UUID.fromString(id);
            } catch (IllegalArgumentException e) {
                return actor;
            }
            String you = personId.equals(viewer.personId()) ? " (you)" : "";
            return people.find(viewer.tenantId(), personId).map(Person::name).map(n -> n + you).orElse(actor);
        }
        if (actor.startsWith("api_key:")) {
            String keyId = actor.substring("api_key:".length());
            String you = keyId.equals(String.valueOf(viewer.keyId())) ? " (your key)" : "";
            return keys.list(viewer.tenantId()).stream().filter(k -> k.id().toString().equals(keyId)).findFirst()
                    .map((ApiKeyInfo k) -> "the " + k.role().wireName() + " key " + k.prefix() + "…" + you)
                    .orElse(actor);
        }
        return actor;
    }
}

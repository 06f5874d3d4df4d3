package dev.creditdesk.people.web;

import dev.creditdesk.people.Member;
import dev.creditdesk.people.People;
import dev.creditdesk.people.Person;
import dev.creditdesk.shared.Allow;
import dev.creditdesk.shared.Caller;
import dev.creditdesk.shared.ErrorAnswer;
import dev.creditdesk.shared.Ids;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.shared.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tenant's people, for its admins and for bootstrapping a console team with the admin key:
 * list, invite (the invitation email goes to the person, never into the outbox), remove.
 */
@RestController
@Allow(Role.ADMIN)
class PeopleController {

    private final People people;

    PeopleController(People people) {
        this.people = people;
    }

    record InviteBody(@Schema(example = "ada@example.com") String email,
            @Schema(example = "Ada Lovelace") String name,
            @Schema(allowableValues = {"support", "admin"}) String role) {
    }

    record PersonView(@Schema(allowableValues = "person") String object, UUID id, String email, String name,
            @Schema(allowableValues = {"support", "admin"}) String role,
            @Schema(allowableValues = {"invited", "active", "removed"}) String status, boolean secondFactor,
            @Schema(description = "Who invited them: person:<id> or api_key:<id>") @Nullable String invitedBy,
            @Schema(description = "Set while sign-in is paused after 5 failures in a row") @Nullable Instant lockedUntil,
            Instant createdAt) {

        static PersonView of(Member m) {
            Person p = m.person();
            return new PersonView("person", p.id(), p.email(), p.name(), p.role().wireName(), p.status().wireName(),
                    p.secondFactor(), m.invitedBy(), m.lockedUntil(), p.createdAt());
        }
    }

    @Operation(operationId = "listPeople", summary = "List the tenant's people",
            description = "Every support agent and admin who signs in to the console as a person: active, invited "
                    + "and removed (kept for the audit trail), removed last.")
    @GetMapping("/v1/people")
    ListPage<PersonView> list(Caller caller) {
        return new ListPage<>(people.members(caller.tenantId()).stream().map(PersonView::of).toList(), false, null);
    }

    @Operation(operationId = "invitePerson", summary = "Invite a person",
            description = "Adds an invited person and emails them a one-time link (valid 7 days) to set their "
                    + "password. The email is sent to them directly and never appears in the tenant's outbox.")
    @ErrorAnswer(status = 422, when = "The email already belongs to a person who is not removed")
    @PostMapping("/v1/people")
    @ResponseStatus(HttpStatus.CREATED)
    PersonView invite(Caller caller, @RequestBody InviteBody body) {
        Person person = people.invite(caller.tenantId(), body.email(), body.name(), body.role(), caller.actor());
        return view(caller, person.id());
    }

    @Operation(operationId = "removePerson", summary = "Remove a person",
            description = "The person can no longer sign in; their sessions end at their next request and their "
                    + "links stop working. They stay listed, as removed, for the audit trail.")
    @ErrorAnswer(status = 404, when = "No person of the tenant has this id")
    @ErrorAnswer(status = 409, when = "The person was removed already")
    @PostMapping("/v1/people/{id}/remove")
    PersonView remove(Caller caller, @PathVariable String id) {
        UUID personId = Ids.parseOrNotFound("person", id);
        people.remove(caller.tenantId(), personId, caller.actor());
        return view(caller, personId);
    }

    private PersonView view(Caller caller, UUID id) {
        return people.members(caller.tenantId()).stream().filter(m -> m.person().id().equals(id)).findFirst()
                .map(PersonView::of).orElseThrow();
    }
}

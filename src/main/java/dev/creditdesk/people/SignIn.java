package dev.creditdesk.people;

/**
 * How a sign-in step ended: signed in, the password was right but the second factor's code is still
 * needed, or refused (in words that never tell whether the email belongs to anyone).
 */
public sealed interface SignIn {

    /** One answer for a wrong email, a wrong password, an invited or locked person. */
    String NOT_ACCEPTED = "The email or password is not right. After 5 failed sign-ins in a row, signing in to "
            + "that account is paused for 15 minutes.";

    record SignedIn(Person person, int sessionGeneration) implements SignIn {
    }

    record CodeNeeded(Person person) implements SignIn {
    }

    record Refused(String message) implements SignIn {
    }
}

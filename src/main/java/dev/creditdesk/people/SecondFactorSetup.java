package dev.creditdesk.people;

/** A second factor being set up: the key to type into an authenticator app, and the same as an otpauth:// URI. */
public record SecondFactorSetup(String key, String uri) {
}

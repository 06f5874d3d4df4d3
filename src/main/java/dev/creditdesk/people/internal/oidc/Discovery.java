package dev.creditdesk.people.internal.oidc;

/** What Creditdesk uses of an issuer's discovery document ({@code /.well-known/openid-configuration}). */
public record Discovery(String issuer, String authorizationEndpoint, String tokenEndpoint, String jwksUri) {
}

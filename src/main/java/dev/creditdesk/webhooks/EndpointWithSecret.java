package dev.creditdesk.webhooks;

/** An endpoint just created or rotated, and its new signing secret: the only time the secret is shown. */
public record EndpointWithSecret(WebhookEndpoint endpoint, String secret) {
}

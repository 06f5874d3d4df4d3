package dev.creditdesk.webhooks.internal;

import dev.creditdesk.webhooks.WebhookSettings;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookSettings.class)
class WebhooksConfiguration {
}

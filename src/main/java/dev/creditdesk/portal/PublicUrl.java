package dev.creditdesk.portal;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code creditdesk.public-url}: where customers reach this installation (scheme, host, port and
 * any path prefix before {@code /portal}), for the absolute links in emails.
 */
@ConfigurationProperties("creditdesk")
public record PublicUrl(@DefaultValue("http://localhost:8080") String publicUrl) {

    public PublicUrl {
        URI uri;
        try {
            uri = URI.create(publicUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("creditdesk.public-url is not a URL: " + publicUrl);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("creditdesk.public-url must be an http or https URL: " + publicUrl);
        }
        publicUrl = publicUrl.replaceAll("/+$", "");
    }

    /** The absolute URL of a path starting with {@code /}. */
    public String of(String path) {
        return publicUrl + path;
    }
}

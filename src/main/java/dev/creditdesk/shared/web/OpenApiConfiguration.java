package dev.creditdesk.shared.web;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.creditdesk.shared.Caller;
import dev.creditdesk.shared.RequestIds;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.jackson.TypeNameResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.properties.SpringDocConfigProperties;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What {@code /v3/api-docs} says must be what the server does: snake_case names (the server's
 * Jackson 3 mapper is snake_case, springdoc reads models with its own Jackson 2 one), no internal
 * {@link Caller} parameter, the bearer key, the {@code Idempotency-Key} header and one schema name
 * per type (controllers share nested record names such as {@code CreateBody}).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String BEARER = "bearerAuth";
    private static final String STRIPE_WEBHOOK = "/v1/webhooks/stripe/{tenant}";

    static {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    OpenAPI creditdeskOpenApi(@Value("${creditdesk.api-version:dev}") String version) {
        return new OpenAPI()
                .info(new Info()
                        .title("Creditdesk API")
                        .version(version)
                        .description("Credits, refund requests, refund policies, disputes and outage compensation "
                                + "for credit-based AI products. Send a key as 'Authorization: Bearer <key>'; "
                                + "amounts are decimal strings, names are snake_case, errors are "
                                + "application/problem+json. See docs/api.md."))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .description("A publishable (pk_…), secret (sk_…) or admin key")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /** Replaces springdoc's own resolver (same class), keeping its OpenAPI 3.1 mode. */
    @Bean
    ModelResolver snakeCaseModelResolver(SpringDocConfigProperties springdoc) {
        boolean openapi31 = springdoc.isOpenapi31();
        ObjectMapper mapper = (openapi31 ? Json31.mapper() : Json.mapper()).copy()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        return new ModelResolver(mapper, new NestedTypeNames()).openapi31(openapi31);
    }

    @Bean
    OpenApiCustomizer conventions() {
        return openApi -> openApi.getPaths().forEach((path, item) -> {
            item.readOperationsMap().forEach((method, operation) -> {
                describeRequestId(operation);
                if (method == PathItem.HttpMethod.POST) {
                    operation.addParametersItem(new HeaderParameter()
                            .name(RequestTransactionFilter.HEADER)
                            .required(false)
                            .description("Makes the POST safe to retry: the same key with the same request "
                                    + "answers the first response again for 24 hours")
                            .schema(new StringSchema().minLength(1).maxLength(255)));
                }
            });
            if (STRIPE_WEBHOOK.equals(path) && item.getPost() != null) {
                item.getPost().setSecurity(List.of());
            }
        });
    }

    private static void describeRequestId(Operation operation) {
        if (operation.getResponses() == null) {
            return;
        }
        operation.getResponses().values().forEach(response -> response.addHeaderObject(RequestIds.HEADER,
                new Header().description("The id of this request, also in logs and in problem+json bodies")
                        .schema(new StringSchema())));
    }

    /**
     * A nested type is named after its enclosing class: {@code DisputeController.CreateBody} is
     * {@code DisputeCreateBody}, {@code SubscriptionController.CreateBody} {@code SubscriptionCreateBody}.
     */
    static final class NestedTypeNames extends TypeNameResolver {

        @Override
        protected String nameForClass(Class<?> cls, Set<Options> options) {
            String name = super.nameForClass(cls, options);
            Class<?> enclosing = cls.getEnclosingClass();
            if (enclosing == null || !name.equals(cls.getSimpleName())) {
                return name;
            }
            String owner = enclosing.getSimpleName().replaceFirst("(Controller|PageController)$", "");
            return name.startsWith(owner) ? name : owner + name;
        }

        @Override
        protected String nameForClass(JavaType type, Set<Options> options) {
            return nameForClass(type.getRawClass(), options);
        }
    }
}

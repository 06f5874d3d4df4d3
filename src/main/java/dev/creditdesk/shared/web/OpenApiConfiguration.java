package dev.creditdesk.shared.web;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.creditdesk.shared.Caller;
import dev.creditdesk.shared.ErrorAnswer;
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
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.properties.SpringDocConfigProperties;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What {@code /v3/api-docs} says must be what the server does: snake_case names (the server's
 * Jackson 3 mapper is snake_case, springdoc reads models with its own Jackson 2 one), no internal
 * {@link Caller} parameter, the bearer key, the {@code Idempotency-Key} header and one schema name
 * per type (controllers share nested record names such as {@code CreateBody}), problem+json
 * answers by rule ({@link ProblemResponses}), required fields by rule ({@link RecordSchemas}) and
 * enums written as the server writes them ({@code wireName()}). With {@code springdoc.api-docs.enabled=false}
 * there is no document to shape.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "springdoc.api-docs.enabled", matchIfMissing = true)
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
                .servers(List.of(new Server().url("/").description("This server")))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .description("A tenant's secret, support or admin key (cd_secret_…, cd_support_…, cd_admin_…) "
                                + "or the operator key")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /** Replaces springdoc's own resolver (same class), keeping its OpenAPI 3.1 mode. */
    @Bean
    ModelResolver snakeCaseModelResolver(SpringDocConfigProperties springdoc) {
        boolean openapi31 = springdoc.isOpenapi31();
        ObjectMapper mapper = (openapi31 ? Json31.mapper() : Json.mapper()).copy()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        return new WireEnumResolver(mapper, new NestedTypeNames()).openapi31(openapi31);
    }

    /** The answers a handler declares with {@link ErrorAnswer}; {@link ProblemResponses} makes them problems. */
    @Bean
    OperationCustomizer errorAnswers() {
        return (operation, handler) -> {
            for (ErrorAnswer answer : handler.getMethod().getAnnotationsByType(ErrorAnswer.class)) {
                if (operation.getResponses() == null) {
                    operation.setResponses(new ApiResponses());
                }
                operation.getResponses().addApiResponse(String.valueOf(answer.status()),
                        new ApiResponse().description(answer.when()));
            }
            return operation;
        };
    }

    @Bean
    OpenApiCustomizer conventions() {
        return openApi -> {
            ProblemResponses.addSchema(openApi.getComponents());
            RecordSchemas.requireNonNullFields(openApi.getComponents().getSchemas());
            RecordSchemas.describeMetadata(openApi.getComponents().getSchemas());
            openApi.getPaths().forEach((path, item) -> describe(path, item, openApi.getComponents()));
            if (openApi.getTags() != null) {
                openApi.getTags().forEach(tag -> tag.setName(tagName(tag.getName())));
            }
        };
    }

    private static void describe(String path, PathItem item, Components components) {
        if (STRIPE_WEBHOOK.equals(path) && item.getPost() != null) {
            // signed by Stripe, not sent with a key; the handler reads the raw text to check the signature
            item.getPost().setSecurity(List.of());
            item.getPost().getRequestBody().setContent(new Content().addMediaType("application/json",
                    new MediaType().schema(new ObjectSchema().description("A Stripe event object"))));
        }
        item.readOperationsMap().forEach((method, operation) -> {
            if (operation.getTags() != null) {
                operation.setTags(operation.getTags().stream().map(OpenApiConfiguration::tagName).toList());
            }
            ProblemResponses.describe(path, method, operation, components);
            RequestExamples.add(operation);
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
    }

    /** springdoc tags by controller ("refund-request-controller"); generated clients name their classes after tags. */
    private static String tagName(String tag) {
        String name = tag.replaceFirst("-controller$", "").replace('-', ' ');
        return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
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
        public String nameForType(JavaType type, Set<Options> options) {
            String name = super.nameForType(type, options);
            RecordSchemas.named(name, type.getRawClass());
            return name;
        }

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

    /** An enum with a {@code wireName()} is described by its wire names ("in_review"), as the API writes them. */
    static final class WireEnumResolver extends ModelResolver {

        WireEnumResolver(ObjectMapper mapper, TypeNameResolver names) {
            super(mapper, names);
        }

        @Override
        protected Schema _createSchemaForEnum(Class<Enum<?>> type) {
            Schema schema = super._createSchemaForEnum(type);
            List<Object> wireNames = wireNames(type);
            if (wireNames != null) {
                schema.setEnum(wireNames);
            }
            return schema;
        }

        @Override
        protected void _addEnumProps(Class<?> type, Schema property) {
            List<Object> wireNames = wireNames(type);
            if (wireNames == null) {
                super._addEnumProps(type, property);
            } else {
                wireNames.forEach(property::addEnumItemObject);
            }
        }

        private static List<Object> wireNames(Class<?> type) {
            Method wireName;
            try {
                wireName = type.getMethod("wireName");
            } catch (NoSuchMethodException e) {
                return null;
            }
            List<Object> names = new ArrayList<>();
            for (Object constant : type.getEnumConstants()) {
                try {
                    names.add(wireName.invoke(constant));
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException("Cannot read " + type.getName() + ".wireName()", e);
                }
            }
            return names;
        }
    }
}

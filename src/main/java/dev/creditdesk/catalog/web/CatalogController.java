package dev.creditdesk.catalog.web;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import dev.creditdesk.catalog.Catalog;
import dev.creditdesk.catalog.Product;
import dev.creditdesk.shared.Allow;
import dev.creditdesk.shared.Amounts;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.Caller;
import dev.creditdesk.shared.FieldProblem;
import dev.creditdesk.shared.Fields;
import dev.creditdesk.shared.Limits;
import dev.creditdesk.shared.ListPage;
import dev.creditdesk.shared.Role;
import dev.creditdesk.tenants.PolicyDirectory;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.joda.money.CurrencyUnit;
import org.joda.money.Money;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class CatalogController {

    private static final Pattern PRODUCT_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");

    private final Catalog catalog;
    private final PolicyDirectory policies;

    CatalogController(Catalog catalog, PolicyDirectory policies) {
        this.catalog = catalog;
        this.policies = policies;
    }

    record ProductBody(@Schema(requiredMode = REQUIRED) String id,
            @Schema(implementation = Product.Kind.class, requiredMode = REQUIRED) String kind,
            @Schema(requiredMode = REQUIRED) String name, String currency, String price,
            @Schema(requiredMode = REQUIRED) Long credits, Long bonusCredits,
            @Schema(implementation = Product.Interval.class, description = "A plan's billing interval (default month); "
                    + "not for packages") String interval,
            @Schema(description = "The refund policy of this product's plan family; requests about its orders are "
                    + "answered by it instead of the tenant's policy") String policy) {
    }

    record ProductView(String object, String id, @Schema(implementation = Product.Kind.class) String kind, String name,
            String currency, String price, long credits, long bonusCredits,
            @Schema(implementation = Product.Interval.class) @Nullable String interval, @Nullable String policy,
            boolean active, Instant createdAt) {
        static ProductView of(Product p) {
            return new ProductView("product", p.id(), p.kind().wireName(), p.name(),
                    p.price().getCurrencyUnit().getCode(), Amounts.format(p.price()), p.credits(), p.bonusCredits(),
                    p.interval() == null ? null : p.interval().wireName(), p.policyId(), p.active(), p.createdAt());
        }
    }

    @Operation(operationId = "createProduct", summary = "Define a catalog product")
    @PostMapping("/v1/catalog/products")
    @ResponseStatus(HttpStatus.CREATED)
    @Allow(Role.ADMIN)
    ProductView define(Caller caller, @RequestBody ProductBody body) {
        List<FieldProblem> errors = new ArrayList<>();
        String id = Fields.requiredText(body.id(), "id", 64, errors);
        if (id != null && !PRODUCT_ID.matcher(id).matches()) {
            errors.add(new FieldProblem("id", "may hold letters, digits, '.', '_' and '-' only"));
        }
        Product.Kind kind = Product.Kind.fromWire(body.kind());
        if (kind == null) {
            errors.add(new FieldProblem("kind", "must be package or plan"));
        }
        String name = Fields.requiredText(body.name(), "name", Fields.MAX_TEXT, errors);
        CurrencyUnit currency = Amounts.currency(body.currency(), "currency", errors);
        Money price = Amounts.amount(body.price(), currency, "price", true, errors);
        if (price != null && price.isZero()) {
            errors.add(new FieldProblem("price", "must be more than zero"));
        }
        Long credits = Fields.requiredCredits(body.credits(), "credits", errors);
        long bonus = body.bonusCredits() == null ? 0 : body.bonusCredits();
        if (bonus < 0 || bonus > Limits.MAX_CREDITS) {
            errors.add(new FieldProblem("bonus_credits", "must be between 0 and " + Limits.MAX_CREDITS));
        }
        Product.Interval interval = body.interval() == null ? Product.Interval.MONTH
                : Product.Interval.fromWire(body.interval());
        if (interval == null) {
            errors.add(new FieldProblem("interval", "must be month or year"));
        } else if (body.interval() != null && kind == Product.Kind.PACKAGE) {
            errors.add(new FieldProblem("interval", "is for plans; a package does not renew"));
        }
        if (body.policy() != null && !policies.exists(caller.tenantId(), body.policy())) {
            errors.add(new FieldProblem("policy", "is neither a shipped policy nor one this tenant published"));
        }
        Fields.throwIfAny(errors);
        return ProductView.of(catalog.define(caller.tenantId(), id, kind, name, price, credits, bonus,
                kind == Product.Kind.PLAN ? interval : null, body.policy()));
    }

    @Operation(operationId = "listProducts", summary = "List the catalog products")
    @GetMapping("/v1/catalog/products")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    ListPage<ProductView> list(Caller caller, @RequestParam(name = "limit", required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        ListPage<Product> page = catalog.page(caller.tenantId(), startingAfter, ListPage.checkedLimit(limit));
        return new ListPage<>(page.data().stream().map(ProductView::of).toList(), page.hasMore(), page.nextCursor());
    }

    @Operation(operationId = "getProduct", summary = "Retrieve a catalog product")
    @GetMapping("/v1/catalog/products/{id}")
    @Allow({Role.SECRET, Role.SUPPORT, Role.ADMIN})
    ProductView get(Caller caller, @PathVariable String id) {
        return catalog.find(caller.tenantId(), id).map(ProductView::of)
                .orElseThrow(() -> ApiProblem.notFound("product", id));
    }
}

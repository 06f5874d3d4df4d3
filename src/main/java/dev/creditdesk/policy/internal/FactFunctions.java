package dev.creditdesk.policy.internal;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.creditdesk.policy.Facts;
import dev.creditdesk.policy.PolicyNeeds;
import dev.creditdesk.policy.UsageQuery;
import dev.creditdesk.policy.UsageTotal;
import dev.creditdesk.policy.UsageWindow;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The facts a policy asks for by name rather than reads from a struct: usage aggregates
 * ({@code usage.count("video", "renewal")}, {@code usage.quantity("audio_minutes", "lifetime")})
 * and catalog prices ({@code catalog.price("pro-monthly")}). Their arguments must be literals, so
 * that loading the policy finds every aggregate it reads ({@link PolicyNeeds}) and the facts carry
 * exactly those; an evaluation whose facts lack one fails, naming it.
 */
final class FactFunctions {

    static final OpaqueType USAGE = OpaqueType.create("creditdesk.Usage");
    static final OpaqueType CATALOG = OpaqueType.create("creditdesk.Catalog");

    /** The value of the variable {@code usage}: the facts' usage aggregates. */
    record Usage(Facts facts) {
    }

    /** The value of the variable {@code catalog}: the facts' plan prices. */
    record Catalog(Facts facts) {
    }

    final List<CelFunctionDecl> declarations = List.of(
            CelFunctionDecl.newFunctionDeclaration("count", CelOverloadDecl.newMemberOverload(
                    "usage_count_string_string", SimpleType.INT, USAGE, SimpleType.STRING, SimpleType.STRING)),
            CelFunctionDecl.newFunctionDeclaration("quantity", CelOverloadDecl.newMemberOverload(
                    "usage_quantity_string_string", DecimalFunctions.DECIMAL, USAGE, SimpleType.STRING,
                    SimpleType.STRING)),
            CelFunctionDecl.newFunctionDeclaration("price", CelOverloadDecl.newMemberOverload(
                    "catalog_price_string", DecimalFunctions.DECIMAL, CATALOG, SimpleType.STRING)));

    final List<CelFunctionBinding> bindings = List.of(
            CelFunctionBinding.from("usage_count_string_string", List.of(Usage.class, String.class, String.class),
                    args -> total((Usage) args[0], (String) args[1], (String) args[2]).count()),
            CelFunctionBinding.from("usage_quantity_string_string",
                    List.of(Usage.class, String.class, String.class),
                    args -> new Decimal(total((Usage) args[0], (String) args[1], (String) args[2]).quantity())),
            CelFunctionBinding.from("catalog_price_string", Catalog.class, String.class, (catalog, plan) ->
                    new Decimal(catalog.facts().planPrice(plan).orElseThrow(() -> new CelEvaluationException(
                            "the facts have no catalog price for plan '" + plan + "'")))));

    private static UsageTotal total(Usage usage, String kind, String window) throws CelEvaluationException {
        UsageWindow parsed = UsageWindow.fromWire(window);
        UsageQuery query = new UsageQuery(kind, parsed);
        if (parsed == null) {
            throw new CelEvaluationException("'" + window + "' is not a usage window");
        }
        return usage.facts().usage(query).orElseThrow(() -> new CelEvaluationException(
                "the facts have no usage of '" + kind + "' over " + window));
    }

    /** The variables {@code usage} and {@code catalog} of an evaluation over {@code facts}. */
    static void addVariables(Facts facts, Map<String, Object> variables) {
        variables.put("usage", new Usage(facts));
        variables.put("catalog", new Catalog(facts));
    }

    /**
     * The usage aggregates and prices a checked expression reads, or the problems that keep them
     * from being known when the policy loads (an argument that is not a literal, an unknown window).
     */
    static Needs needs(CelAbstractSyntaxTree ast) {
        Set<UsageQuery> usage = new LinkedHashSet<>();
        Set<String> prices = new LinkedHashSet<>();
        List<Needs.Problem> problems = new ArrayList<>();
        CelNavigableAst.fromAst(ast).getRoot().allNodes().map(CelNavigableExpr::expr).forEach(expr -> {
            if (expr.getKind() != CelExpr.ExprKind.Kind.CALL || expr.call().target().isEmpty()) {
                return;
            }
            CelExpr target = expr.call().target().get();
            String receiver = target.getKind() == CelExpr.ExprKind.Kind.IDENT ? target.ident().name() : "";
            String function = expr.call().function();
            List<String> args = expr.call().args().stream().map(FactFunctions::literal).toList();
            if ("usage".equals(receiver) && ("count".equals(function) || "quantity".equals(function))) {
                if (args.contains(null)) {
                    problems.add(new Needs.Problem(expr, "usage." + function
                            + "(kind, window) takes two quoted literals, such as usage." + function
                            + "(\"video\", \"renewal\"), so the facts can be fetched before evaluation"));
                    return;
                }
                UsageWindow window = UsageWindow.fromWire(args.get(1));
                if (!UsageQuery.KIND.matcher(args.get(0)).matches()) {
                    problems.add(new Needs.Problem(expr, "usage kind '" + args.get(0)
                            + "' must be lower-case letters, digits, '_', '-' or '.'"));
                } else if (window == null) {
                    problems.add(new Needs.Problem(expr, "usage window '" + args.get(1) + "' must be lifetime, "
                            + String.join(", ", dev.creditdesk.policy.Anchor.wireNames())
                            + " or a date such as 2026-01-01"));
                } else {
                    usage.add(new UsageQuery(args.get(0), window));
                }
            } else if ("catalog".equals(receiver) && "price".equals(function)) {
                if (args.contains(null)) {
                    problems.add(new Needs.Problem(expr,
                            "catalog.price(plan) takes a quoted plan id, such as catalog.price(\"pro-monthly\")"));
                } else {
                    prices.add(args.get(0));
                }
            }
        });
        return new Needs(new PolicyNeeds(usage, prices), problems);
    }

    private static String literal(CelExpr expr) {
        return expr.getKind() == CelExpr.ExprKind.Kind.CONSTANT
                && expr.constant().getKind() == CelConstant.Kind.STRING_VALUE ? expr.constant().stringValue() : null;
    }

    /** What an expression needs, and why it cannot be known. */
    record Needs(PolicyNeeds needs, List<Problem> problems) {

        record Problem(CelExpr expr, String message) {
        }
    }
}

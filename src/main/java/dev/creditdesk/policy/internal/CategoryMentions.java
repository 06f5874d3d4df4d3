package dev.creditdesk.policy.internal;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import java.util.ArrayList;
import java.util.List;

/**
 * The category literals an expression compares {@code request.category} with:
 * {@code request.category == "x"}, {@code "x" != request.category},
 * {@code request.category in ["x", "y"]}. Loading checks each is a category the policy accepts,
 * since a misspelt one would silently never match.
 */
final class CategoryMentions {

    private static final Cel PARSER = CelFactory.standardCelBuilder().build();

    /** A literal at a 1-based line and column of the expression. */
    record Mention(String category, int line, int column) {
    }

    private CategoryMentions() {
    }

    /** The mentions in {@code source}; none when it does not parse (compiling reports that). */
    static List<Mention> in(String source) {
        CelValidationResult parsed = PARSER.parse(source);
        if (parsed.hasError()) {
            return List.of();
        }
        CelAbstractSyntaxTree ast;
        try {
            ast = parsed.getAst();
        } catch (CelValidationException e) {
            return List.of();
        }
        List<Mention> mentions = new ArrayList<>();
        CelNavigableAst.fromAst(ast).getRoot().allNodes().map(CelNavigableExpr::expr).forEach(expr -> {
            if (expr.getKind() != CelExpr.ExprKind.Kind.CALL || expr.call().args().size() != 2) {
                return;
            }
            String function = expr.call().function();
            CelExpr left = expr.call().args().get(0);
            CelExpr right = expr.call().args().get(1);
            if (function.equals("_==_") || function.equals("_!=_")) {
                if (isCategory(left)) {
                    literal(ast, right, mentions);
                } else if (isCategory(right)) {
                    literal(ast, left, mentions);
                }
            } else if (function.equals("@in") && isCategory(left)
                    && right.getKind() == CelExpr.ExprKind.Kind.LIST) {
                right.list().elements().forEach(element -> literal(ast, element, mentions));
            }
        });
        return mentions;
    }

    private static boolean isCategory(CelExpr expr) {
        return expr.getKind() == CelExpr.ExprKind.Kind.SELECT && expr.select().field().equals("category")
                && expr.select().operand().getKind() == CelExpr.ExprKind.Kind.IDENT
                && expr.select().operand().ident().name().equals("request");
    }

    private static void literal(CelAbstractSyntaxTree ast, CelExpr expr, List<Mention> mentions) {
        if (expr.getKind() != CelExpr.ExprKind.Kind.CONSTANT
                || expr.constant().getKind() != CelConstant.Kind.STRING_VALUE) {
            return;
        }
        Integer offset = ast.getSource().getPositionsMap().get(expr.id());
        CelSourceLocation at = offset == null ? CelSourceLocation.NONE
                : ast.getSource().getOffsetLocation(offset).orElse(CelSourceLocation.NONE);
        mentions.add(new Mention(expr.constant().stringValue(), Math.max(at.getLine(), 1),
                at.getLine() < 1 ? 1 : at.getColumn() + 1));
    }
}

package dev.creditdesk.policy.internal;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelFunctionBinding;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.IntPredicate;

/**
 * CEL declarations and Java bindings of the {@code decimal} type: {@code decimal(string)},
 * {@code decimal(int)}, {@code + - * /} and {@code < <= > >=} between decimals and ints in any
 * mix, unary {@code -}, {@code .round(places)}, {@code prorate(amount, part, whole)}, {@code min}
 * and {@code max}. {@code ==} is left to CEL's equality, which calls {@link Decimal#equals}.
 */
final class DecimalFunctions {

    static final OpaqueType DECIMAL = OpaqueType.create("decimal");

    /** Division keeps 34 significant digits; an exact quotient that fits is returned exactly. */
    static final MathContext DIVISION = MathContext.DECIMAL128;

    private static final CelType INT = SimpleType.INT;

    final List<CelFunctionDecl> declarations = new ArrayList<>();
    final List<CelFunctionBinding> bindings = new ArrayList<>();

    DecimalFunctions(RoundingMode roundingMode) {
        function("decimal",
                global("decimal_from_string", DECIMAL, SimpleType.STRING),
                global("decimal_from_int", DECIMAL, INT));
        bindings.add(CelFunctionBinding.from("decimal_from_string", String.class, Decimal::of));
        bindings.add(CelFunctionBinding.from("decimal_from_int", Long.class, Decimal::of));

        arithmetic("_+_", "add", BigDecimal::add);
        arithmetic("_-_", "subtract", BigDecimal::subtract);
        arithmetic("_*_", "multiply", BigDecimal::multiply);
        arithmetic("_/_", "divide", (a, b) -> a.divide(b, DIVISION));
        comparison("_<_", "less", c -> c < 0);
        comparison("_<=_", "less_equals", c -> c <= 0);
        comparison("_>_", "greater", c -> c > 0);
        comparison("_>=_", "greater_equals", c -> c >= 0);

        function("-_", global("negate_decimal", DECIMAL, DECIMAL));
        bindings.add(CelFunctionBinding.from("negate_decimal", Decimal.class,
                d -> new Decimal(d.value().negate())));

        // The policy says how to round (HALF_UP by default); the author says where: .round(2).
        function("round", CelOverloadDecl.newMemberOverload("decimal_round_int", DECIMAL, DECIMAL, INT));
        bindings.add(CelFunctionBinding.from("decimal_round_int", Decimal.class, Long.class,
                (d, places) -> d.round(Math.toIntExact(places), roundingMode)));

        // amount × part ÷ whole, multiplying first: 29.90 × 300 ÷ 400 = 22.425 exactly, whereas
        // 29.90 ÷ 400 × 300 would round the quotient before the product.
        function("prorate", global("prorate_decimal_int_int", DECIMAL, DECIMAL, INT, INT));
        bindings.add(CelFunctionBinding.from("prorate_decimal_int_int",
                List.of(Decimal.class, Long.class, Long.class),
                args -> prorate((Decimal) args[0], (Long) args[1], (Long) args[2])));

        function("min", global("min_decimal_decimal", DECIMAL, DECIMAL, DECIMAL));
        function("max", global("max_decimal_decimal", DECIMAL, DECIMAL, DECIMAL));
        bindings.add(CelFunctionBinding.from("min_decimal_decimal", Decimal.class, Decimal.class,
                (a, b) -> a.value().compareTo(b.value()) <= 0 ? a : b));
        bindings.add(CelFunctionBinding.from("max_decimal_decimal", Decimal.class, Decimal.class,
                (a, b) -> a.value().compareTo(b.value()) >= 0 ? a : b));
    }

    static Decimal prorate(Decimal amount, long part, long whole) {
        BigDecimal product = amount.value().multiply(BigDecimal.valueOf(part));
        BigDecimal exact = exactQuotient(product, whole);
        return new Decimal(exact != null ? exact : product.divide(BigDecimal.valueOf(whole), DIVISION));
    }

    /**
     * {@code product ÷ whole} without a division, when {@code whole} has no prime factors but 2 and 5
     * (100, 400, 1000; not 3 or 12): then 10^k ÷ whole is a whole number m and the quotient is
     * product × m ÷ 10^k, exact. The same value and scale as {@code divide(whole, DECIMAL128)}
     * gives (trailing zeros stripped down to the product's scale); null when it does not apply or
     * the quotient would need more than 34 digits, so the caller divides.
     */
    static BigDecimal exactQuotient(BigDecimal product, long whole) {
        if (whole <= 0) {
            return null;
        }
        long rest = whole;
        int twos = 0;
        int fives = 0;
        while (rest % 2 == 0) {
            rest /= 2;
            twos++;
        }
        while (rest % 5 == 0) {
            rest /= 5;
            fives++;
        }
        int k = Math.max(twos, fives);
        if (rest != 1 || k > 18) {
            return null;
        }
        long multiplier = BigInteger.TEN.pow(k).longValueExact() / whole;
        BigDecimal quotient = new BigDecimal(product.unscaledValue().multiply(BigInteger.valueOf(multiplier)),
                product.scale() + k).stripTrailingZeros();
        if (quotient.scale() < product.scale()) {
            quotient = quotient.setScale(product.scale());
        }
        return quotient.precision() > DIVISION.getPrecision() ? null : quotient;
    }

    private void arithmetic(String function, String name, BinaryOperator<BigDecimal> op) {
        function(function,
                global(name + "_decimal_decimal", DECIMAL, DECIMAL, DECIMAL),
                global(name + "_decimal_int", DECIMAL, DECIMAL, INT),
                global(name + "_int_decimal", DECIMAL, INT, DECIMAL));
        bindings.add(CelFunctionBinding.from(name + "_decimal_decimal", Decimal.class, Decimal.class,
                (a, b) -> new Decimal(op.apply(a.value(), b.value()))));
        bindings.add(CelFunctionBinding.from(name + "_decimal_int", Decimal.class, Long.class,
                (a, b) -> new Decimal(op.apply(a.value(), BigDecimal.valueOf(b)))));
        bindings.add(CelFunctionBinding.from(name + "_int_decimal", Long.class, Decimal.class,
                (a, b) -> new Decimal(op.apply(BigDecimal.valueOf(a), b.value()))));
    }

    private void comparison(String function, String name, IntPredicate test) {
        function(function,
                global(name + "_decimal_decimal", SimpleType.BOOL, DECIMAL, DECIMAL),
                global(name + "_decimal_int", SimpleType.BOOL, DECIMAL, INT),
                global(name + "_int_decimal", SimpleType.BOOL, INT, DECIMAL));
        bindings.add(CelFunctionBinding.from(name + "_decimal_decimal", Decimal.class, Decimal.class,
                (a, b) -> test.test(a.value().compareTo(b.value()))));
        bindings.add(CelFunctionBinding.from(name + "_decimal_int", Decimal.class, Long.class,
                (a, b) -> test.test(a.value().compareTo(BigDecimal.valueOf(b)))));
        bindings.add(CelFunctionBinding.from(name + "_int_decimal", Long.class, Decimal.class,
                (a, b) -> test.test(BigDecimal.valueOf(a).compareTo(b.value()))));
    }

    private void function(String name, CelOverloadDecl... overloads) {
        declarations.add(CelFunctionDecl.newFunctionDeclaration(name, overloads));
    }

    private static CelOverloadDecl global(String id, CelType result, CelType... parameters) {
        return CelOverloadDecl.newGlobalOverload(id, result, parameters);
    }
}

/**
 * Refund policies as executable, versioned documents: YAML whose rules are CEL expressions over
 * a request's facts, tried in order, each citing the published clause it implements. It decides
 * nothing about money by itself: it proposes a decision with its trace; refunds act on it. It
 * never lets an amount pass through a double, nor exceed what remains refundable.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "tenants"})
package dev.creditdesk.policy;

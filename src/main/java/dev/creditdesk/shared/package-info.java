/**
 * The few types every module needs: the authenticated {@link dev.creditdesk.shared.Caller}, the
 * problem (RFC 9457) every error becomes, list pages, ids and the clock. Web plumbing (errors,
 * idempotency, the per-request transaction) and the database (embedded PostgreSQL) live in its
 * subpackages. It must never know any business module.
 */
package dev.creditdesk.shared;

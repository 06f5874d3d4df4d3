package dev.creditdesk.shared;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Rows that work done in one thread would write one statement each, put off and written together:
 * a batch of calls that commits once ({@code TaskBatcher}) writes its callers' audit entries in one
 * statement instead of one per caller. Outside {@link #collecting}, nothing is put off. Rows put
 * off are written unconditionally: an audit entry put off loses {@code insertIfChanged}'s "only if
 * the transaction wrote" check, which holds in a batch (its transaction has an id from its start).
 */
public final class Deferred {

    private static final ThreadLocal<Deferred> CURRENT = new ThreadLocal<>();

    private final Map<Object, Rows<?>> byKind = new LinkedHashMap<>();

    private Deferred() {
    }

    /**
     * Runs {@code work}; the rows it put off ({@link #put}) are written when it returns, each kind by
     * its writer, in the order the kinds were first put off, in the same thread (and transaction).
     * When {@code work} throws, nothing put off is written.
     */
    public static void collecting(Runnable work) {
        if (CURRENT.get() != null) {
            work.run();
            return;
        }
        Deferred deferred = new Deferred();
        CURRENT.set(deferred);
        try {
            work.run();
        } finally {
            CURRENT.remove();
        }
        deferred.byKind.values().forEach(Rows::write);
    }

    /**
     * Puts {@code row} off to be written by {@code writer} with the others of its {@code kind}, when
     * inside {@link #collecting}; false (and nothing done) otherwise, for the caller to write it now.
     */
    @SuppressWarnings("unchecked")
    public static <T> boolean put(Object kind, T row, Consumer<List<T>> writer) {
        Deferred deferred = CURRENT.get();
        if (deferred == null) {
            return false;
        }
        ((Rows<T>) deferred.byKind.computeIfAbsent(kind, k -> new Rows<>(writer))).rows.add(row);
        return true;
    }

    private static final class Rows<T> {
        final Consumer<List<T>> writer;
        final List<T> rows = new ArrayList<>();

        Rows(Consumer<List<T>> writer) {
            this.writer = writer;
        }

        void write() {
            writer.accept(rows);
        }
    }
}

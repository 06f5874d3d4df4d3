package dev.creditdesk.shared;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One page of a newest-first list read by keyset, that can step both ways: {@code older} is passed
 * back as {@code after} for the next page, {@code newer} as {@code before} for the previous one;
 * each is null at its end of the list. Pages never skip or repeat a row when rows are added meanwhile.
 */
public record Keyset<T>(List<T> rows, @Nullable String newer, @Nullable String older) {

    /** Where a page starts: after an id (older rows), before one (newer rows), or from the newest. */
    public record Cursor(@Nullable UUID after, @Nullable UUID before) {

        public static final Cursor FIRST = new Cursor(null, null);

        /** From a page's query string; anything that is not an id reads as the first page. */
        public static Cursor of(@Nullable String after, @Nullable String before) {
            UUID a = id(after);
            return a != null ? new Cursor(a, null) : new Cursor(null, id(before));
        }

        /** The rows come oldest first, past {@link #before}, and are turned around. */
        public boolean backwards() {
            return before != null;
        }

        private static UUID id(String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            try {
                return UUID.fromString(value.strip());
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    /**
     * The page out of {@code fetched}, read with {@code limit + 1} rows in the cursor's direction
     * (newest first, or oldest first when going back): the extra row only tells that there is more.
     */
    public static <T> Keyset<T> of(List<T> fetched, int limit, Cursor cursor, Function<T, ?> id) {
        boolean more = fetched.size() > limit;
        List<T> rows = new ArrayList<>(more ? fetched.subList(0, limit) : fetched);
        if (cursor.backwards()) {
            Collections.reverse(rows);
        }
        if (rows.isEmpty()) {
            return new Keyset<>(List.of(), null, null);
        }
        String first = String.valueOf(id.apply(rows.get(0)));
        String last = String.valueOf(id.apply(rows.get(rows.size() - 1)));
        boolean newer = cursor.backwards() ? more : cursor.after() != null;
        boolean older = cursor.backwards() || more;
        return new Keyset<>(List.copyOf(rows), newer ? first : null, older ? last : null);
    }
}

package dev.creditdesk.shared;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A page of a cursor-paginated list, newest first. {@code nextCursor} is passed back as
 * {@code starting_after} to get the next page; it is null on the last page.
 */
public record ListPage<T>(String object, List<T> data, boolean hasMore, @Nullable String nextCursor) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    public ListPage(List<T> data, boolean hasMore, String nextCursor) {
        this("list", data, hasMore, nextCursor);
    }

    public static int checkedLimit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiProblem.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return limit;
    }

    /**
     * The page out of {@code rows} fetched with {@code limit + 1}: the extra row only tells that
     * there is more, and the last row shown is the cursor of the next page.
     */
    public static <T> ListPage<T> of(List<T> rows, int limit, Function<T, ?> id) {
        boolean hasMore = rows.size() > limit;
        List<T> page = List.copyOf(hasMore ? rows.subList(0, limit) : rows);
        return new ListPage<>(page, hasMore, hasMore ? String.valueOf(id.apply(page.get(page.size() - 1))) : null);
    }

    /** A {@code starting_after} that must be the id of an object of the list (null when absent). */
    public static UUID cursorId(String startingAfter) {
        if (startingAfter == null) {
            return null;
        }
        try {
            return UUID.fromString(startingAfter.trim());
        } catch (IllegalArgumentException e) {
            throw notACursor();
        }
    }

    /**
     * A {@code starting_after} that names no object of this list: another tenant's, another kind's,
     * or (for a list of one account's or one order's objects) another account's or order's.
     */
    public static ApiProblem notACursor() {
        return ApiProblem.invalid("starting_after", "is not the id of an object of this list");
    }
}

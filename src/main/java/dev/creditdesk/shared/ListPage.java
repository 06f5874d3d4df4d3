package dev.creditdesk.shared;

import java.util.List;

/**
 * A page of a cursor-paginated list, newest first. {@code nextCursor} is passed back as
 * {@code starting_after} to get the next page; it is null on the last page.
 */
public record ListPage<T>(String object, List<T> data, boolean hasMore, String nextCursor) {

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
}

package dev.creditdesk.tasks;

import dev.creditdesk.usage.UsageFields;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * What a task produces, for usage aggregates: its kind (image, video, song…) and optionally how
 * much in a unit (seconds of video). A task with no quantity counts as one of its kind.
 */
public record TaskOutput(String kind, @Nullable BigDecimal quantity, @Nullable String unit) {

    public static final TaskOutput GENERATION = new TaskOutput(UsageFields.DEFAULT_TASK_KIND, null, null);

    /** The quantity usage counts: the one given, else one. */
    public BigDecimal counted() {
        return quantity == null ? BigDecimal.ONE : quantity;
    }
}

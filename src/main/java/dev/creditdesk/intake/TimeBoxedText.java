package dev.creditdesk.intake;

import java.time.Duration;

/**
 * Text that refuses to be read past a deadline: a regular expression matched over it throws
 * {@link TooSlow} instead of backtracking for minutes. Tenant-written patterns (order numbers,
 * transaction ids) are matched over customers' emails through it, so one bad pattern or one crafted
 * message cannot hold a poller thread.
 */
public final class TimeBoxedText implements CharSequence {

    private final CharSequence text;
    private final long deadlineNanos;

    private TimeBoxedText(CharSequence text, long deadlineNanos) {
        this.text = text;
        this.deadlineNanos = deadlineNanos;
    }

    public static TimeBoxedText of(CharSequence text, Duration budget) {
        return new TimeBoxedText(text, System.nanoTime() + budget.toNanos());
    }

    @Override
    public char charAt(int index) {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new TooSlow();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new TimeBoxedText(text.subSequence(start, end), deadlineNanos);
    }

    @Override
    public String toString() {
        return text.toString();
    }

    /** The match ran out of time. */
    public static final class TooSlow extends RuntimeException {
        TooSlow() {
            super("a pattern took too long to match", null, false, false);
        }
    }
}

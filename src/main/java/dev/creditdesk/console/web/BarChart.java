package dev.creditdesk.console.web;

import java.util.ArrayList;
import java.util.List;

/**
 * A bar chart laid out on the server, for an inline SVG (no script, no inline style: positions are
 * SVG attributes, colours CSS classes). Horizontal charts list categories; vertical ones, weeks.
 */
record BarChart(String title, int width, int height, boolean horizontal, List<Bar> bars, int axisX1, int axisY1,
        int axisX2, int axisY2) {

    static final int WIDTH = 520;
    private static final int ROW = 26;
    private static final int LABEL = 170;
    private static final int VERTICAL_HEIGHT = 220;
    private static final int BOTTOM = 36;
    private static final int TOP = 20;

    /** One bar, with its label (under or beside it) and its value (at its end). */
    record Bar(String label, String value, int x, int y, int w, int h, String css, int labelX, int labelY,
            int valueX, int valueY, String anchor) {
    }

    record Entry(String label, long value, String valueText, String css) {
    }

    static BarChart horizontal(String title, List<Entry> entries) {
        long max = Math.max(1, entries.stream().mapToLong(Entry::value).max().orElse(1));
        int room = WIDTH - LABEL - 60;
        List<Bar> bars = new ArrayList<>();
        int y = 8;
        for (Entry e : entries) {
            int w = (int) Math.round((double) room * e.value() / max);
            bars.add(new Bar(e.label(), e.valueText(), LABEL, y, Math.max(w, e.value() > 0 ? 2 : 0), ROW - 8, e.css(),
                    LABEL - 8, y + 13, LABEL + w + 6, y + 13, "end"));
            y += ROW;
        }
        return new BarChart(title, WIDTH, y + 8, true, bars, LABEL, 4, LABEL, y + 2);
    }

    /** Vertical bars against a fixed {@code max} (100 for percentages) or, when 0, the largest value. */
    static BarChart vertical(String title, List<Entry> entries, long max) {
        long top = max > 0 ? max : Math.max(1, entries.stream().mapToLong(Entry::value).max().orElse(1));
        int plot = VERTICAL_HEIGHT - BOTTOM - TOP;
        int slot = (WIDTH - 20) / Math.max(1, entries.size());
        int barWidth = Math.max(6, slot * 3 / 5);
        List<Bar> bars = new ArrayList<>();
        int x = 10;
        for (Entry e : entries) {
            int h = (int) Math.round((double) plot * Math.max(0, e.value()) / top);
            int barX = x + (slot - barWidth) / 2;
            int baseline = TOP + plot;
            bars.add(new Bar(e.label(), e.valueText(), barX, baseline - h, barWidth, h, e.css(), x + slot / 2,
                    baseline + 16, x + slot / 2, baseline - h - 5, "middle"));
            x += slot;
        }
        return new BarChart(title, WIDTH, VERTICAL_HEIGHT, false, bars, 10, TOP + plot, WIDTH - 10, TOP + plot);
    }

    public String viewBox() {
        return "0 0 " + width + " " + height;
    }
}

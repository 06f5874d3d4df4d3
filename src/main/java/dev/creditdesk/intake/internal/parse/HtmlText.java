package dev.creditdesk.intake.internal.parse;

import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * An HTML body as the text a reader sees: one line per block, {@code <br>} as a line break, and
 * quoted parts ({@code <blockquote>}) with {@code "> "} before each line, so that quoted replies are
 * recognised the same way in HTML and plain mail.
 */
final class HtmlText {

    private static final Set<String> BLOCKS = Set.of("p", "div", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3",
            "h4", "h5", "h6", "pre", "hr", "blockquote", "section", "article", "header", "footer", "address", "dl",
            "dt", "dd", "center", "form", "fieldset");

    private HtmlText() {
    }

    static String toText(String html) {
        Document document = Jsoup.parse(html);
        document.select("script, style, head, title, noscript, template").remove();
        Lines lines = new Lines();
        NodeTraversor.traverse(lines, document.body());
        return lines.text();
    }

    private static final class Lines implements NodeVisitor {

        private final StringBuilder out = new StringBuilder();
        private final StringBuilder line = new StringBuilder();
        private int quoteDepth;

        @Override
        public void head(Node node, int depth) {
            if (node instanceof TextNode text) {
                String words = text.getWholeText().replaceAll("[\\s\\u00a0]+", " ");
                if (line.isEmpty() || line.charAt(line.length() - 1) == ' ') {
                    words = words.stripLeading();
                }
                line.append(words);
            } else if (node instanceof Element element) {
                String tag = element.normalName();
                if (tag.equals("br")) {
                    endLine(true);
                } else if (BLOCKS.contains(tag)) {
                    endLine(false);
                }
                if (tag.equals("blockquote")) {
                    quoteDepth++;
                } else if (tag.equals("td") || tag.equals("th")) {
                    if (!line.isEmpty() && line.charAt(line.length() - 1) != ' ') {
                        line.append(' ');
                    }
                }
            }
        }

        @Override
        public void tail(Node node, int depth) {
            if (node instanceof Element element) {
                String tag = element.normalName();
                if (BLOCKS.contains(tag)) {
                    endLine(false);
                }
                if (tag.equals("blockquote")) {
                    quoteDepth--;
                }
                if (tag.equals("p")) {
                    out.append('\n');
                }
            }
        }

        /** Ends the current line; an empty one only when a {@code <br>} asks for it. */
        private void endLine(boolean evenIfEmpty) {
            String text = line.toString().strip();
            line.setLength(0);
            if (text.isEmpty() && !evenIfEmpty) {
                return;
            }
            out.append("> ".repeat(Math.max(0, quoteDepth))).append(text).append('\n');
        }

        String text() {
            endLine(false);
            return out.toString().replaceAll("\n{3,}", "\n\n").strip();
        }
    }
}

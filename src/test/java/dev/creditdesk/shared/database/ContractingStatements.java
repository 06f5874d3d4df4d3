package dev.creditdesk.shared.database;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deliberately simple scan of a migration for statements that <em>contract</em> the schema: ones
 * that can break a node of the previous version still running during a rolling upgrade, because it
 * still reads, writes or relies on what they remove or narrow. Comments are dropped, the script is
 * cut at semicolons, an {@code alter table} at its commas before {@code add}/{@code drop}/{@code
 * alter}/{@code rename}, and each piece is matched against the patterns below. It does not parse
 * SQL: a false alarm is answered with a marker comment saying why the file is safe.
 *
 * <p>Markers (docs/operations.md, "Rolling upgrades"):
 * <ul>
 * <li>{@code -- contract: needs all nodes on version >= X}: the file contracts; before it runs,
 *     every node older than release X must be stopped;</li>
 * <li>{@code -- rolling-safe: <why>}: reviewed, nothing an older node uses is removed or narrowed
 *     (for example a CHECK dropped and added again with more allowed values).</li>
 * </ul>
 */
final class ContractingStatements {

    static final Pattern CONTRACT_MARKER = Pattern.compile(
            "^--\\s*contract:\\s*needs all nodes on version\\s*(?:>=|≥)\\s*(\\d+\\.\\d+\\.\\d+)\\s*$",
            Pattern.MULTILINE | Pattern.CASE_INSENSITIVE);
    static final Pattern SAFE_MARKER = Pattern.compile("^--\\s*rolling-safe:\\s*\\S.*$",
            Pattern.MULTILINE | Pattern.CASE_INSENSITIVE);

    private record Rule(Pattern pattern, String why) {
    }

    private static final List<Rule> RULES = List.of(
            rule("\\bdrop\\s+(?:table|view|materialized\\s+view|type|function|procedure|schema|sequence|trigger)\\b",
                    "drops something older nodes may still use"),
            rule("\\bdrop\\s+index\\b", "drops an index older nodes may rely on (ON CONFLICT, plans)"),
            rule("^alter\\s+table\\b.*\\bdrop\\s+constraint\\b", "drops a constraint"),
            rule("^alter\\s+table\\b.*\\bdrop\\s+default\\b", "drops a default older nodes' inserts rely on"),
            rule("^alter\\s+table\\b.*\\bdrop\\s+(?:column\\s+)?(?!constraint\\b|default\\b|not\\s+null\\b|index\\b)"
                    + "(?:if\\s+exists\\s+)?[a-z_\"]", "drops a column"),
            rule("\\brename\\b", "renames a table, column or constraint"),
            rule("\\balter\\s+column\\s+\\S+\\s+(?:set\\s+data\\s+)?type\\b", "changes a column's type"),
            rule("\\bset\\s+not\\s+null\\b", "makes an existing column NOT NULL"),
            rule("^alter\\s+table\\b.*\\badd\\s+(?:constraint\\s+\\S+\\s+)?(?:check|unique|primary\\s+key|foreign\\s+key|exclude)\\b",
                    "adds a constraint to an existing table (narrows what older nodes may write)"),
            rule("\\bcreate\\s+unique\\s+index\\b", "adds a unique index (older nodes' writes may now conflict)"));

    private static final Pattern ADD_COLUMN = Pattern.compile("^alter\\s+table\\b.*\\badd\\s+(?:column\\s+)?"
            + "(?!constraint\\b|check\\b|unique\\b|primary\\b|foreign\\b|exclude\\b)(.*)$");

    private ContractingStatements() {
    }

    private static Rule rule(String regex, String why) {
        return new Rule(Pattern.compile(regex), why);
    }

    /** Each contracting piece of the script, as "{@code why: statement}". */
    static List<String> find(String sql) {
        List<String> found = new ArrayList<>();
        for (String statement : statements(sql)) {
            for (String piece : pieces(statement)) {
                for (Rule rule : RULES) {
                    if (rule.pattern().matcher(piece).find()) {
                        found.add(rule.why() + ": " + piece);
                    }
                }
                Matcher column = ADD_COLUMN.matcher(piece);
                if (column.find() && column.group(1).matches(".*\\bnot\\s+null\\b.*")
                        && !column.group(1).matches(".*\\bdefault\\b.*")) {
                    found.add("adds a NOT NULL column without a default (older nodes' inserts fail): " + piece);
                }
            }
        }
        return found;
    }

    /** The release named by the file's contract marker, if it has one. */
    static Optional<String> contractVersion(String sql) {
        Matcher m = CONTRACT_MARKER.matcher(sql);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    static boolean markedRollingSafe(String sql) {
        return SAFE_MARKER.matcher(sql).find();
    }

    /** The statements, comments dropped, whitespace folded, lower case. */
    private static List<String> statements(String sql) {
        String code = sql.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("--[^\\n]*", " ");
        List<String> statements = new ArrayList<>();
        for (String statement : code.split(";")) {
            String folded = statement.replaceAll("\\s+", " ").strip().toLowerCase(Locale.ROOT);
            if (!folded.isEmpty()) {
                statements.add(folded);
            }
        }
        return statements;
    }

    /** An {@code alter table t a, b} as {@code alter table t a} and {@code alter table t b}. */
    private static List<String> pieces(String statement) {
        Matcher head = Pattern.compile("^(alter\\s+table\\s+(?:if\\s+exists\\s+)?(?:only\\s+)?\\S+)\\s+(.*)$").matcher(statement);
        if (!head.matches()) {
            return List.of(statement);
        }
        List<String> pieces = new ArrayList<>();
        for (String action : head.group(2).split(",\\s*(?=(?:add|drop|alter|rename|validate|set)\\b)")) {
            pieces.add(head.group(1) + " " + action.strip());
        }
        return pieces;
    }
}

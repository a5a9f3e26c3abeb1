package cn.renovation.decisions.ruleset;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One defect of a ruleset, located as precisely as possible: the file, and for a decision table its
 * sheet and cell ({@code decision-tables/funding/shares.drl.xlsx!Shares!F12}) or at least its row. The
 * message is written for the policy officer who edited the table, in Chinese and English.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RulesetFinding(String file, String sheet, Integer row, String cell, String message) {
    private static final java.util.regex.Pattern QUALIFIED_NAME =
            java.util.regex.Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.){2,}([A-Z][A-Za-z0-9_]*)(?:\\$[A-Za-z0-9_]+)*");
    private static final java.util.regex.Pattern EXCEPTION_NAME =
            java.util.regex.Pattern.compile("\\b[A-Z][A-Za-z0-9]*(?:Exception|Error)\\b:?\\s*");

    /** A finding's message never names a class: a compiler's or library's text keeps its words, not its types. */
    public RulesetFinding {
        message = withoutClassNames(message);
    }

    public RulesetFinding(String file, Integer row, String cell, String message) {
        this(file, null, row, cell, message);
    }

    @JsonProperty("location")
    public String location() {
        StringBuilder s = new StringBuilder(file == null ? "(ruleset)" : file);
        if (sheet != null) {
            s.append('!').append(sheet);
        }
        if (cell != null) {
            s.append('!').append(cell);
        } else if (row != null) {
            s.append(" row ").append(row);
        }
        return s.toString();
    }

    @JsonIgnore
    public RulesetFinding at(String sheet, String cell) {
        return new RulesetFinding(file, sheet, row, cell, message);
    }

    /**
     * The text without Java class names: {@code cn.renovation.decisions.facts.Approval} becomes {@code Approval}
     * (the name the table's pattern row shows), and an exception's type ({@code XmlException: }) is dropped.
     */
    public static String withoutClassNames(String text) {
        if (text == null) {
            return null;
        }
        String simple = QUALIFIED_NAME.matcher(text).replaceAll("$1");
        return EXCEPTION_NAME.matcher(simple).replaceAll("");
    }

    @Override
    public String toString() {
        return location() + ": " + message;
    }
}

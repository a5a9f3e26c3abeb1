package cn.renovation.decisions.ruleset;

import cn.renovation.decisions.facts.ItemCategory;
import cn.renovation.decisions.facts.ItemKind;
import cn.renovation.decisions.ruleset.DecisionTable.Column;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a data cell of an uploaded decision table may hold. Drools pastes a data cell into its column's
 * snippet in place of {@code $param}, so a cell is code unless it is checked: each kind admits only values
 * that cannot leave the string, comment or number literal they are pasted into. The kind of a column is
 * derived from the <em>served</em> (trusted) template's keyword and snippet, never from the upload. These
 * patterns are the tables' schema, not policy: policy values stay in the tables.
 */
public enum CellKind {
    /** DESCRIPTION (rendered as a comment) and names (pasted into a string). */
    TEXT("说明或名称", "a description or name"),
    CLAUSE("条款编号，如6.3.1", "a clause id such as 6.3.1"),
    DATE("日期，如2027-01-01", "a date such as 2027-01-01"),
    /** min/max of a parameter: a number or a ratio such as 1/2. */
    BOUND("数值或比例，如1/2", "a number or a ratio such as 1/2"),
    SHARE("0到1之间的小数，至多4位小数", "a decimal from 0 to 1 with at most 4 decimals such as 0.25"),
    /** An item code in the shares table: it must name an item of the menu. */
    ITEM("改造项目代码", "an item code of the menu such as ROOF_LEAK_REPAIR"),
    CODE("代码（大写字母、数字、下划线）", "a code of capital letters, digits and underscores such as GOVERNMENT"),
    CATEGORY("类别" + names(ItemCategory.class), "a category, one of " + names(ItemCategory.class)),
    KIND("类型" + names(ItemKind.class), "a kind, one of " + names(ItemKind.class)),
    YES_NO("Y或N", "Y or N"),
    BOOLEAN("true或false", "true or false"),
    /** {@code $param} pasted without quotes: a number literal and nothing else. */
    NUMBER("数字", "a plain number such as 3"),
    /** {@code $param} pasted without quotes where the template does not tell: a number or true/false. */
    NUMBER_OR_BOOLEAN("数字或true/false", "a plain number or true/false"),
    PARAMETER_VALUE("数值、比例、代码或日期", "a number, a ratio such as 2/3, a code such as GOVERNMENT, or a date yyyy-mm-dd"),
    /** A column this check does not know: nothing may be typed into it over an upload. */
    UNKNOWN("此列不可通过上传填写", "no value: this column cannot be filled by upload, ask a developer");

    static final int MAX_TEXT = 500;
    private static final Pattern CODE_PATTERN = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    private static final Pattern CLAUSE_PATTERN = Pattern.compile("\\d{1,4}(\\.\\d{1,4}){0,7}");
    private static final Pattern SHARE_PATTERN = Pattern.compile("0(\\.\\d{1,4})?|1(\\.0{1,4})?|\\.\\d{1,4}");
    /** Up to 17 decimals: a number cell that is not whole reaches the rules as Java prints its double. */
    private static final Pattern NUMBER_PATTERN = Pattern.compile("-?\\d{1,15}(\\.\\d{1,17})?");

    private static final Pattern RATIO_PATTERN = Pattern.compile("\\d{1,9}/\\d{1,9}");
    /** ISO as typed, yyyy/M/d as WPS may show it, d-MMM-yyyy as a date-formatted cell may show it. */
    private static final Pattern DATE_PATTERN =
            Pattern.compile("\\d{4}-\\d{1,2}-\\d{1,2}|\\d{4}/\\d{1,2}/\\d{1,2}|\\d{1,2}-[A-Za-z]{3}-\\d{4}");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\d");
    /**
     * Words that make Drools' sheet parser start a block (functions, imports, a keyword row…) when they are
     * a cell's whole value, and RuleTable as a prefix: a text cell must not be one, whatever Drools' idea
     * of where a table ends.
     */
    private static final Set<String> KEYWORDS = Set.of(
            "ruletable",
            "ruleset",
            "import",
            "variables",
            "functions",
            "queries",
            "declare",
            "unit",
            "dialect",
            "sequential",
            "sequentialmaxpriority",
            "escapequotes",
            "numericdisabled",
            "notes",
            "condition",
            "action",
            "metadata",
            "description",
            "name",
            "priority",
            "salience",
            "agenda-group",
            "activation-group",
            "no-loop",
            "lock-on-active",
            "auto-focus",
            "ruleflow-group",
            "duration",
            "timer",
            "calendars",
            "enabled",
            "date-effective",
            "date-expires");

    private final String zh;
    private final String en;

    CellKind(String zh, String en) {
        this.zh = zh;
        this.en = en;
    }

    /** The kind of a column of the served (trusted) template. */
    public static CellKind of(Column served) {
        String keyword = served.keyword();
        String snippet = served.snippet();
        if (keyword.startsWith("DESCRIPTION")) {
            return TEXT;
        }
        if (keyword.startsWith("METADATA")) {
            if (served.isMetadata("clause")) {
                return CLAUSE;
            }
            if (served.isMetadata("validFrom") || served.isMetadata("validTo")) {
                return DATE;
            }
            if (served.isMetadata("min") || served.isMetadata("max")) {
                return BOUND;
            }
            // any other annotation holds a quoted note (e.g. worksReading: why an item implies a work); text
            // refuses quotes, backslashes and control characters, so the value cannot leave its string
            return snippet.matches("[A-Za-z]+\\(\"\\$param\"\\)") ? TEXT : UNKNOWN;
        }
        if (!snippet.contains("$param") || PLACEHOLDER.matcher(snippet).find()) {
            // no $param (a flag column) or $1,$2 (Drools splits the cell on commas): not used by our tables
            return UNKNOWN;
        }
        if (snippet.replace("\"$param\"", "").contains("$param")) {
            if (snippet.matches(".*\\bexempt\\s*==\\s*\\$param.*")) {
                return BOOLEAN;
            }
            if (snippet.contains("setPhase(") || snippet.contains("setPriority(") || snippet.contains(".order(")) {
                return NUMBER;
            }
            return NUMBER_OR_BOOLEAN;
        }
        if (snippet.contains(".share(")) {
            return SHARE;
        }
        if (snippet.contains(".heldFrom(") || snippet.contains(".heldTo(")) {
            return DATE;
        }
        if (snippet.contains("Ratio(")) {
            return BOUND;
        }
        if (snippet.matches(".*\\bitem\\s*==.*")) {
            return ITEM;
        }
        if (snippet.contains("setCategory(")) {
            return CATEGORY;
        }
        if (snippet.contains(".kind(")) {
            return KIND;
        }
        if (snippet.contains(".implies(")) {
            return YES_NO;
        }
        if (snippet.contains("p.value(")) {
            return PARAMETER_VALUE;
        }
        if (snippet.contains("new MenuLine(")
                || snippet.contains("new Parameter(")
                || snippet.contains("new ResidentChannel(")
                || snippet.contains("waivePermit(")
                || snippet.contains("setCondition(")
                || snippet.contains("new VoteLaw(")
                || snippet.contains(".favourOf(")) {
            return CODE;
        }
        // any other quoted $param (names and the like): text that cannot leave its string
        return TEXT;
    }

    /**
     * Why {@code text} (the cell as POI's DataFormatter shows it) is not a value of this kind, or empty.
     * A blank cell is always allowed here: which cells are required is {@link TableChecks}' business.
     *
     * @param itemCodes the item codes of the menu, for {@link #ITEM}
     */
    public Optional<String> problem(String text, Set<String> itemCodes) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        if (isKeyword(text)) {
            // a code such as IMPORT or FUNCTIONS too: Drools matches its keywords whatever their case
            return Optional.of("不可为决策表关键字 / a cell must not be a decision-table keyword such as RuleTable or Import: \""
                    + shorten(text) + "\"");
        }
        if (this == TEXT) {
            return textProblem(text);
        }
        String v = text.strip();
        if (v.isEmpty()) {
            return Optional.empty();
        }
        boolean ok = switch (this) {
            case CLAUSE -> CLAUSE_PATTERN.matcher(v).matches();
            case DATE -> DATE_PATTERN.matcher(v).matches() && parses(v);
            case BOUND ->
                NUMBER_PATTERN.matcher(v).matches() || RATIO_PATTERN.matcher(v).matches();
            case SHARE -> SHARE_PATTERN.matcher(v).matches();
            case ITEM -> CODE_PATTERN.matcher(v).matches() && itemCodes.contains(v);
            case CODE -> CODE_PATTERN.matcher(v).matches();
            case CATEGORY -> names(ItemCategory.class).contains(v);
            case KIND -> names(ItemKind.class).contains(v);
            case YES_NO -> v.equals("Y") || v.equals("N");
            case BOOLEAN -> isBoolean(v);
            case NUMBER -> NUMBER_PATTERN.matcher(v).matches();
            case NUMBER_OR_BOOLEAN -> NUMBER_PATTERN.matcher(v).matches() || isBoolean(v);
            case PARAMETER_VALUE ->
                NUMBER_PATTERN.matcher(v).matches()
                        || RATIO_PATTERN.matcher(v).matches()
                        || CODE_PATTERN.matcher(v).matches()
                        || v.matches("\\d{4}-\\d{2}-\\d{2}") && parses(v);
            case TEXT, UNKNOWN -> false;
        };
        if (ok) {
            return Optional.empty();
        }
        if (this == ITEM && CODE_PATTERN.matcher(v).matches()) {
            return Optional.of(
                    "未知的项目代码 / unknown item code: it is not an item of the menu, got \"" + shorten(v) + "\"");
        }
        return Optional.of("应为" + zh + " / expected " + en + ", got \"" + shorten(text) + "\"");
    }

    /** True for the kinds whose cells hold numbers or ratios: a date there is a spreadsheet's doing. */
    public boolean isNumeric() {
        return this == BOUND || this == SHARE || this == NUMBER || this == NUMBER_OR_BOOLEAN || this == PARAMETER_VALUE;
    }

    /**
     * The finding for a number or ratio cell that the spreadsheet turned into a date: typed {@code 2/3} in a
     * cell formatted General, Excel, WPS and LibreOffice all store the 3rd of February.
     */
    public static String turnedIntoDate(java.time.LocalDate date) {
        String typed = date.getMonthValue() + "/" + date.getDayOfMonth();
        String decimal = java.math.BigDecimal.valueOf(date.getMonthValue())
                .divide(java.math.BigDecimal.valueOf(date.getDayOfMonth()), 4, java.math.RoundingMode.HALF_UP)
                .toPlainString();
        return "表格把 " + typed + " 变成了日期 " + date + "：请输入 0 " + typed + "（0、空格、" + typed + "）或小数 " + decimal
                + " / your spreadsheet turned " + typed + " into the date " + date + ": type 0 " + typed
                + " (zero, space, " + typed + ") or the decimal " + decimal;
    }

    /** The finding for a date the spreadsheet stored as a date cell in a column the rules read as text. */
    public static String dateAsText(java.time.LocalDate date) {
        return "表格把日期 " + date + " 存成了日期格式，此列需要文字：请输入 '" + date + "（前加单引号）或把单元格设为文本"
                + " / your spreadsheet stored " + date + " as a date, and this column needs it as text: type '" + date
                + " (with a leading apostrophe) or format the cell as text";
    }

    private static Optional<String> textProblem(String text) {
        if (text.length() > MAX_TEXT) {
            return Optional.of("文字过长（至多" + MAX_TEXT + "字） / text longer than " + MAX_TEXT + " characters: \""
                    + shorten(text) + "\"");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return Optional.of("文字含有控制字符（换行、制表符等） / text holds a control character (line break, tab…): \""
                        + shorten(text) + "\"");
            }
        }
        for (String bad : new String[] {"\"", "\\", "$", "/*", "*/"}) {
            if (text.contains(bad)) {
                return Optional.of("文字不可含有 " + bad + " / text must not hold " + bad
                        + " (it is pasted into the rules' code): \"" + shorten(text) + "\"");
            }
        }
        return Optional.empty();
    }

    private static boolean isKeyword(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        return value.startsWith("ruletable") || KEYWORDS.contains(value);
    }

    private static boolean isBoolean(String v) {
        return v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false");
    }

    private static boolean parses(String v) {
        try {
            Validity.parseDate(v);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The offending value, short and printable, for a message. */
    static String shorten(String s) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        for (; i < s.length() && b.length() < 60; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return i < s.length() ? b + "…" : b.toString();
    }

    private static List<String> names(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
    }
}

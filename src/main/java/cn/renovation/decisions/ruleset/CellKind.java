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
    /**
     * {@code $param} pasted without quotes into an int setter (phase, priority, order): a whole number literal
     * and nothing else. Java reads {@code 010} as octal 8, so only the canonical spelling passes.
     */
    NUMBER("整数，如3", "a whole number such as 3"),
    /** {@code $param} pasted without quotes where the template does not tell: a number or true/false. */
    NUMBER_OR_BOOLEAN("数字或true/false", "a plain number or true/false"),
    PARAMETER_VALUE("数值、比例、代码或日期", "a number, a ratio such as 2/3, a code such as GOVERNMENT, or a date yyyy-mm-dd"),
    /** A column this check does not know: nothing may be typed into it over an upload. */
    UNKNOWN("此列不可通过上传填写", "no value: this column cannot be filled by upload, ask a developer");

    static final int MAX_TEXT = 500;
    private static final Pattern CODE_PATTERN = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    private static final Pattern CLAUSE_PATTERN = Pattern.compile("\\d{1,4}(\\.\\d{1,4}){0,7}");
    private static final Pattern SHARE_PATTERN = Pattern.compile("0(\\.\\d{1,4})?|1(\\.0{1,4})?");
    /**
     * Up to 17 decimals: a number cell that is not whole reaches the rules as Java prints its double. No leading
     * zero (Java reads 010 as octal 8) and no sign on zero: {@link #canonical} says how to write those.
     */
    private static final Pattern NUMBER_PATTERN = Pattern.compile("-?(0|[1-9]\\d{0,14})(\\.\\d{1,17})?");

    private static final Pattern WHOLE_PATTERN = Pattern.compile("-?(0|[1-9]\\d{0,8})");
    private static final Pattern RATIO_PATTERN = Pattern.compile("(0|[1-9]\\d{0,8})/[1-9]\\d{0,8}");
    /** What a spreadsheet or an officer may type for a number: a sign, leading zeros, a bare decimal point. */
    private static final Pattern LOOSE_NUMBER = Pattern.compile("[+-]?(\\d{1,30}(\\.\\d{0,30})?|\\.\\d{1,30})");

    private static final Pattern LOOSE_RATIO = Pattern.compile("\\d{1,30}/\\d{1,30}");
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
        // Drools trims the spaces around a cell; a line break, tab or other invisible character it keeps (or the
        // approver cannot see) is refused rather than read away
        String v = text.strip();
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (text.chars().anyMatch(c -> c != ' ' && invisible((char) c))) {
            return Optional.of("含有换行或不可见字符 / the cell holds a line break or another invisible character: \""
                    + shorten(text) + "\"; type the value alone");
        }
        Optional<String> canonical = canonical(v);
        if (canonical.isPresent()) {
            return canonical;
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
            case NUMBER -> WHOLE_PATTERN.matcher(v).matches();
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

    /**
     * Why {@code v} is a value of this kind spelled otherwise than the rules read it, with how to write it: Java
     * reads {@code 010} as octal 8 and {@code TRUE} not at all, where the checks read 10 and true. Only the
     * canonical spelling passes, so the text that reaches Drools is the value the checks and the approver read.
     */
    private Optional<String> canonical(String v) {
        if ((this == BOOLEAN || this == NUMBER_OR_BOOLEAN)
                && (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false"))) {
            return writeAs(v.toLowerCase(Locale.ROOT), v);
        }
        if (!isNumeric()) {
            return Optional.empty();
        }
        if (LOOSE_NUMBER.matcher(v).matches()) {
            java.math.BigDecimal n = new java.math.BigDecimal(v);
            if (this == NUMBER) {
                if (n.stripTrailingZeros().scale() > 0) {
                    return Optional.empty(); // not whole: refused as not a whole number below
                }
                return writeAs(n.toBigInteger().toString(), v);
            }
            String digits = v.replaceFirst("^[+-]", "");
            int dot = digits.indexOf('.');
            String whole = (dot < 0 ? digits : digits.substring(0, dot)).replaceFirst("^0+", "");
            String fraction = dot < 0 ? "" : digits.substring(dot + 1);
            String sign = v.startsWith("-") && n.signum() != 0 ? "-" : "";
            return writeAs(sign + (whole.isEmpty() ? "0" : whole) + (fraction.isEmpty() ? "" : "." + fraction), v);
        }
        if ((this == BOUND || this == PARAMETER_VALUE) && LOOSE_RATIO.matcher(v).matches()) {
            int slash = v.indexOf('/');
            java.math.BigInteger denominator = new java.math.BigInteger(v.substring(slash + 1));
            if (denominator.signum() == 0) {
                return Optional.of("比例的分母不可为0 / a ratio's denominator must not be 0, got \"" + shorten(v) + "\"");
            }
            return writeAs(new java.math.BigInteger(v.substring(0, slash)) + "/" + denominator, v);
        }
        return Optional.empty();
    }

    private static Optional<String> writeAs(String canonical, String typed) {
        return canonical.equals(typed)
                ? Optional.empty()
                : Optional.of("写作" + canonical + "，不要写" + shorten(typed) + " / write " + canonical + ", not "
                        + shorten(typed));
    }

    /**
     * The value the checks read from a cell of this kind that {@link #problem} accepts: a {@link java.math.BigDecimal}
     * for a number or ratio (a ratio as its decimal), a {@link java.time.LocalDate} for a date, a {@link Boolean} for
     * true/false and Y/N, the text without the spaces around it for anything else; null for a blank cell.
     */
    public Object value(String text) {
        String v = text == null ? "" : text.strip();
        if (v.isEmpty()) {
            return null;
        }
        return switch (this) {
            case DATE -> Validity.parseDate(v);
            case BOOLEAN -> Boolean.valueOf(v);
            case YES_NO -> v.equals("Y");
            case NUMBER, SHARE, BOUND -> TableChecks.number(v);
            case NUMBER_OR_BOOLEAN -> isBoolean(v) ? (Object) Boolean.valueOf(v) : TableChecks.number(v);
            case PARAMETER_VALUE ->
                CODE_PATTERN.matcher(v).matches()
                        ? v
                        : v.matches("\\d{4}-\\d{2}-\\d{2}") ? Validity.parseDate(v) : TableChecks.number(v);
            default -> v;
        };
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

    /** Exactly as Java and Drools read it: {@code TRUE} is no boolean literal there. */
    private static boolean isBoolean(String v) {
        return v.equals("true") || v.equals("false");
    }

    /** A character the approver does not see as itself: control characters, line and paragraph separators, and
     * every space but the plain one. */
    static boolean invisible(char c) {
        return Character.isISOControl(c)
                || Character.isWhitespace(c)
                || Character.isSpaceChar(c)
                || c == '\ufeff'
                || c == '\u200b';
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
            b.append(c != ' ' && invisible(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return i < s.length() ? b + "…" : b.toString();
    }

    private static List<String> names(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
    }
}

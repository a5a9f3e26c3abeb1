package cn.renovation.decisions.ruleset;

/**
 * One defect of a ruleset, located as precisely as the engine allows: the file, and for a decision
 * table the sheet-less cell or row that produced it (e.g. {@code menu.drl.xlsx} row 14).
 */
public record RulesetFinding(String file, Integer row, String cell, String message) {

    public String location() {
        StringBuilder s = new StringBuilder(file == null ? "(ruleset)" : file);
        if (cell != null) {
            s.append('!').append(cell);
        } else if (row != null) {
            s.append(" row ").append(row);
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return location() + ": " + message;
    }
}

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

    @Override
    public String toString() {
        return location() + ": " + message;
    }
}

package cn.renovation.decisions.publishing;

import cn.renovation.decisions.ruleset.CompiledRuleset;
import cn.renovation.decisions.ruleset.DecisionTable;
import cn.renovation.decisions.ruleset.RulesetFile;
import cn.renovation.decisions.ruleset.RulesetFinding;
import cn.renovation.decisions.ruleset.TableTemplate;
import cn.renovation.decisions.ruleset.XlsxSafety;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What an upload may change: the data cells of tables the serving ruleset already has, each of its
 * column's kind. Everything else of a table (its template) holds the rules' code and changes only
 * through the repository and its review. Runs before anything is compiled, so a refused upload runs no
 * code at all.
 */
final class UploadCheck {
    private UploadCheck() {}

    /** Findings on the uploaded tables against the serving ones they replace; empty when they may be validated. */
    static List<RulesetFinding> check(CompiledRuleset base, List<RulesetFile> uploads) {
        Map<String, RulesetFile> served =
                base.files().stream().collect(Collectors.toMap(RulesetFile::path, Function.identity()));
        Set<String> itemCodes = itemCodes(base.files(), uploads);
        List<RulesetFinding> findings = new ArrayList<>();
        for (RulesetFile u : uploads) {
            RulesetFile s = served.get(u.path());
            if (s == null || !u.isDecisionTable() || !s.isDecisionTable()) {
                // resolve() lets only replacements of served tables through; this is a second line
                findings.add(new RulesetFinding(u.path(), null, null, CandidateService.REPOSITORY_ONLY));
                continue;
            }
            if (XlsxSafety.refusal(u.content()).isPresent()) {
                // not opened here: RulesetValidator reports the refusal and compiles nothing when a workbook is unsafe
                continue;
            }
            try {
                findings.addAll(TableTemplate.check(s, u, itemCodes));
            } catch (IOException | RuntimeException e) {
                findings.add(new RulesetFinding(
                        u.path(),
                        null,
                        null,
                        "无法读取表格 / the workbook cannot be read: "
                                + cn.renovation.decisions.ruleset.RulesetCompiler.inWords(e)));
            }
        }
        return findings;
    }

    /**
     * The menu's item codes: the serving items table's, and an uploaded items table's (a new item and its
     * funding shares can come in one upload; the codes themselves are checked as codes).
     */
    private static Set<String> itemCodes(List<RulesetFile> served, List<RulesetFile> uploads) {
        Set<String> codes = new LinkedHashSet<>();
        for (List<RulesetFile> files : List.of(served, uploads)) {
            for (RulesetFile f : files) {
                if (!f.isDecisionTable()
                        || (files == uploads && XlsxSafety.refusal(f.content()).isPresent())) {
                    continue;
                }
                try {
                    for (DecisionTable t : DecisionTable.read(f)) {
                        t.columns().stream()
                                .filter(c -> c.snippetContains("new MenuLine("))
                                .findFirst()
                                .ifPresent(c -> t.rows().forEach(r -> codes.add(r.cell(c))));
                    }
                } catch (IOException | RuntimeException e) {
                    // an unreadable table is reported by check(); it contributes no codes
                }
            }
        }
        return codes;
    }
}

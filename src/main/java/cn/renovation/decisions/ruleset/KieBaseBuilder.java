package cn.renovation.decisions.ruleset;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kie.api.KieBase;
import org.kie.api.io.Resource;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.DecisionTableConfiguration;
import org.kie.internal.builder.DecisionTableInputType;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.builder.KnowledgeBuilderResult;
import org.kie.internal.io.ResourceFactory;

/**
 * Builds a ruleset's files into a KieBase with the lower-level KnowledgeBuilder, which names the generated
 * rule of a failing table row ({@code Items_14}: row 14), so each error is a finding at the row the policy
 * officer edited rather than at generated DRL.
 */
final class KieBaseBuilder {
    private static final Pattern RULE_IN_MESSAGE =
            Pattern.compile("[Rr]ule(?: name)?='?\"?([^'\"\\]]+?)_(\\d+)['\"\\]]");
    private static final Pattern CELL_IN_MESSAGE = Pattern.compile("\\b(?:cell |at )?([A-Z]{1,3}[0-9]{1,6})\\b");

    private KieBaseBuilder() {}

    /** The KieBase of the files, or a {@link RulesetException} with every error at its file and row. */
    static KieBase build(List<RulesetFile> files) {
        KnowledgeBuilder kb = KnowledgeBuilderFactory.newKnowledgeBuilder();
        List<RulesetFinding> findings = new ArrayList<>();
        for (RulesetFile f : files) {
            Resource r = ResourceFactory.newByteArrayResource(f.content()).setSourcePath(sourcePath(f));
            try {
                if (f.isDecisionTable()) {
                    DecisionTableConfiguration c = KnowledgeBuilderFactory.newDecisionTableConfiguration();
                    c.setInputType(
                            f.path().endsWith(".xls") ? DecisionTableInputType.XLS : DecisionTableInputType.XLSX);
                    kb.add(r, ResourceType.DTABLE, c);
                } else {
                    kb.add(r, ResourceType.DRL);
                }
            } catch (RuntimeException e) {
                // Structural table mistakes are thrown (DecisionTableParseException), not returned as errors.
                findings.add(new RulesetFinding(
                        f.path(),
                        null,
                        firstCell(e.getMessage()),
                        "表格结构错误 / the table's layout cannot be read: " + RulesetCompiler.rootMessage(e)));
            }
        }
        for (KnowledgeBuilderResult e : kb.getErrors()) {
            findings.add(locate(e));
        }
        if (!findings.isEmpty()) {
            throw new RulesetException("the ruleset does not compile", findings);
        }
        return kb.newKieBase();
    }

    /**
     * Drools' decision-table provider caches the DRL it generates from a spreadsheet by source path, for
     * the life of the JVM: an edited table under the same path would compile to the old rules. The
     * content hash in the path makes each version of a table its own entry.
     */
    static String sourcePath(RulesetFile f) {
        return f.path() + "#" + f.sha256();
    }

    /** The ruleset-relative path of a resource named by {@link #sourcePath}. */
    static String pathOf(String sourcePath) {
        if (sourcePath == null) {
            return null;
        }
        int hash = sourcePath.lastIndexOf('#');
        return hash < 0 ? sourcePath : sourcePath.substring(0, hash);
    }

    private static RulesetFinding locate(KnowledgeBuilderResult e) {
        String path = e.getResource() == null ? null : pathOf(e.getResource().getSourcePath());
        String msg = e.getMessage() == null ? "" : e.getMessage().strip();
        Integer row = null;
        if (path != null && (path.endsWith(".xlsx") || path.endsWith(".xls"))) {
            // the message itself does not name the rule; the error's description does ([Rule name='Items_14'])
            Matcher m = RULE_IN_MESSAGE.matcher(e + " " + msg);
            if (m.find()) {
                row = Integer.parseInt(m.group(2));
            }
        } else if (e.getLines() != null && e.getLines().length > 0 && e.getLines()[0] > 0) {
            row = e.getLines()[0];
        }
        return new RulesetFinding(path, row, null, "无法编译 / does not compile: " + msg);
    }

    private static String firstCell(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = CELL_IN_MESSAGE.matcher(message);
        return m.find() ? m.group(1) : null;
    }
}

package cn.renovation.decisions.publishing;

import cn.renovation.decisions.assessment.FieldError;
import cn.renovation.decisions.assessment.InvalidRequestException;
import cn.renovation.decisions.assessment.PolicyCases;
import cn.renovation.decisions.assessment.RequestReader;
import cn.renovation.decisions.ruleset.CompiledRuleset;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** The data sets an impact preview can run on. */
public class ImpactDatasets {
    private final Path testData;
    private final ImpactPreview preview;

    public ImpactDatasets(Path testData, ImpactPreview preview) {
        this.testData = testData;
        this.preview = preview;
    }

    /**
     * @param asOf evaluates every request as of this date instead of its own, to preview a change that
     *             takes effect on a later date; null keeps each request's date
     */
    public ImpactReport compare(String dataset, LocalDate asOf, CompiledRuleset active, CompiledRuleset candidate) {
        List<ImpactPreview.Entry> entries = new ArrayList<>();
        if (dataset.equals("cases")) {
            for (PolicyCases.Case c : PolicyCases.load(testData)) {
                JsonNode request = c.request();
                if (asOf != null && request.isObject()) {
                    request = ((ObjectNode) request.deepCopy()).put("asOf", asOf.toString());
                }
                entries.add(new ImpactPreview.Entry("test-data/" + c.file(), RequestReader.read(request, active, LocalDate.of(2020, 9, 1))));
            }
        } else {
            throw new InvalidRequestException(List.of(new FieldError("dataset", "unknown data set \"" + dataset + "\": expected cases")));
        }
        return preview.compare(dataset, entries, active, candidate);
    }
}

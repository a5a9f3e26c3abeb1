package cn.renovation.decisions.evaluation;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A decision keyed the way people read it — menu items by code, funding by item and source — so that a
 * test case or an auditor can state just the part that matters ("ELEVATOR_RETROFIT is DEFERRED",
 * "RESIDENTS pay 36000.00") without the order of a list getting in the way.
 */
final class DecisionView {
    private DecisionView() {}

    public static Map<String, Object> of(Decision d) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("rulesetVersion", d.rulesetVersion());
        view.put("asOf", d.asOf().toString());
        view.put(
                "eligibility",
                Map.of(
                        "eligible", d.eligibility().eligible(),
                        "reasons",
                                d.eligibility().reasons().stream()
                                        .map(Decision.Reason::code)
                                        .toList()));
        Map<String, Object> menu = new LinkedHashMap<>();
        for (Decision.Item i : d.menu().items()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("status", i.status().name());
            item.put("phase", i.phase());
            if (i.buildings() != null) {
                Map<String, Object> buildings = new LinkedHashMap<>();
                for (Decision.BuildingItem b : i.buildings()) {
                    Map<String, Object> building = new LinkedHashMap<>();
                    building.put("status", b.status().name());
                    building.put("reason", b.reason());
                    if (b.vote() != null) {
                        Map<String, Object> vote = new LinkedHashMap<>();
                        vote.put("law", b.vote().law());
                        vote.put("passed", b.vote().passed());
                        vote.put("participationArea", b.vote().participationArea());
                        vote.put("participationHeadcount", b.vote().participationHeadcount());
                        vote.put("favourArea", b.vote().favourArea());
                        vote.put("favourHeadcount", b.vote().favourHeadcount());
                        building.put("vote", vote);
                    }
                    buildings.put(b.id(), building);
                }
                item.put("buildings", buildings);
            }
            menu.put(i.code(), item);
        }
        view.put("menu", menu);
        Map<String, Object> approval = new LinkedHashMap<>();
        approval.put("exempt", d.approval().exempt());
        if (d.approval().requiredPermits() != null) {
            approval.put("requiredPermits", d.approval().requiredPermits());
        }
        approval.put("waivedPermits", d.approval().waivedPermits());
        approval.put("reason", d.approval().reason());
        approval.put(
                "triggers",
                d.approval().triggers().stream()
                        .map(t -> t.work() + " " + t.source())
                        .toList());
        view.put("approval", approval);
        Map<String, Object> lines = new LinkedHashMap<>();
        for (Decision.Line l : d.funding().lines()) {
            Map<String, Object> shares = new LinkedHashMap<>();
            for (Decision.Share s : l.shares()) {
                Map<String, Object> share = new LinkedHashMap<>();
                share.put("share", s.share());
                share.put("amount", s.amount());
                shares.put(s.source().name(), share);
            }
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("cost", l.cost());
            line.put("shares", shares);
            lines.put(l.item(), line);
        }
        Map<String, BigDecimal> totals = new LinkedHashMap<>();
        d.funding().totals().forEach(t -> totals.put(t.source().name(), t.amount()));
        view.put(
                "funding",
                Map.of(
                        "lines",
                        lines,
                        "totals",
                        totals,
                        "residentChannels",
                        List.copyOf(d.funding().residentChannels())));
        if (d.prerequisites() != null) {
            Map<String, Object> prerequisites = new LinkedHashMap<>();
            for (Decision.Prerequisite p : d.prerequisites()) {
                Map<String, Object> step = new LinkedHashMap<>();
                step.put("met", p.met());
                step.put("on", p.on() == null ? null : p.on().toString());
                prerequisites.put(p.code(), step);
            }
            view.put("prerequisites", prerequisites);
        }
        if (d.whatWouldChange() != null) {
            // keyed by target; each entry's changes keyed by field, to the value they change it to
            Map<String, Object> changes = new LinkedHashMap<>();
            for (Decision.Change c : d.whatWouldChange()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("to", c.to());
                entry.put("actionable", c.actionable());
                Map<String, Object> fields = new LinkedHashMap<>();
                if (c.changes() != null) {
                    c.changes().forEach(f -> fields.put(f.field(), f.to()));
                }
                entry.put("changes", fields);
                if (c.dependsOn() != null) {
                    entry.put("dependsOn", c.dependsOn());
                }
                changes.put(c.target(), entry);
            }
            view.put("whatWouldChange", changes);
        }
        return view;
    }
}

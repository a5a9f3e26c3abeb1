package cn.renovation.decisions.ruleset;

import cn.renovation.decisions.catalog.CatalogItem;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** GET /api/v1/catalog/items: the menu items of the serving ruleset, as its items table defines them. */
@RestController
class CatalogController {
    private final RulesetRegistry registry;
    private final Clock clock;
    private final ZoneId zone;

    public CatalogController(RulesetRegistry registry, Clock clock, ZoneId zone) {
        this.registry = registry;
        this.clock = clock;
        this.zone = zone;
    }

    /** The items in force on {@code asOf} (default: today in the service's zone). */
    @GetMapping(path = "/api/v1/catalog/items", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> items(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf) {
        var rs = registry.active();
        LocalDate on = asOf != null ? asOf : LocalDate.now(clock.withZone(zone));
        List<CatalogItem> items = rs.catalogOn(on).items();
        return Map.of("rulesetVersion", rs.version(), "asOf", on.toString(), "items", items);
    }
}

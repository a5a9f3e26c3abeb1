package cn.renovation.decisions.catalog;

import cn.renovation.decisions.ruleset.RulesetRegistry;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/** GET /api/v1/catalog/items: the menu items of the serving ruleset, as its items table defines them. */
@RestController
public class CatalogController {
    private final RulesetRegistry registry;

    public CatalogController(RulesetRegistry registry) {
        this.registry = registry;
    }

    @GetMapping(path = "/api/v1/catalog/items", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> items() {
        var rs = registry.active();
        List<CatalogItem> items = rs.catalog().items();
        return Map.of("rulesetVersion", rs.version(), "items", items);
    }
}

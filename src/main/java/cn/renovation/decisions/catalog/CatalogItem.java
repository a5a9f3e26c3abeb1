package cn.renovation.decisions.catalog;

import cn.renovation.decisions.facts.ItemCategory;
import cn.renovation.decisions.facts.ItemKind;
import cn.renovation.decisions.facts.MenuLine;
import cn.renovation.decisions.facts.Work;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Set;

/** One menu item as the items table defines it (section 4). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CatalogItem(
        String code,
        String nameZh,
        String nameEn,
        ItemCategory category,
        ItemKind kind,
        String clause,
        int phase,
        Integer priority,
        String condition,
        Set<Work> impliedWorks) {

    public static CatalogItem of(MenuLine l) {
        return new CatalogItem(
                l.getCode(),
                l.getNameZh(),
                l.getNameEn(),
                l.getCategory(),
                l.getKind(),
                l.getClause(),
                l.getPhase(),
                l.getKind() == ItemKind.UPGRADE ? l.getPriority() : null,
                l.getCondition(),
                Set.copyOf(l.getImpliedWorks()));
    }
}

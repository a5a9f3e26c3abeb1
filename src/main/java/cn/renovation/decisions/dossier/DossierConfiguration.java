package cn.renovation.decisions.dossier;

import cn.renovation.decisions.audit.RulesetArchive;
import cn.renovation.decisions.publishing.AdminActionLog;
import cn.renovation.decisions.publishing.CandidateService;
import cn.renovation.decisions.publishing.ImpactDatasets;
import cn.renovation.decisions.ruleset.RulesetRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DossierConfiguration {

    @Bean
    DossierService dossierService(
            CandidateService candidates,
            RulesetRegistry registry,
            RulesetArchive archive,
            ImpactDatasets datasets,
            AdminActionLog actions,
            Clock clock) {
        return new DossierService(candidates, registry, archive, datasets, actions, clock);
    }

    /** {@code renovation.dossier.font}: the CJK font file to embed; blank searches the well-known places. */
    @Bean
    DossierPdf dossierPdf(@Value("${renovation.dossier.font:}") String font, ZoneId zone) {
        return new DossierPdf(
                new DossierFont(font.isBlank() ? null : Path.of(font.strip()), DossierFont.WELL_KNOWN), zone);
    }
}

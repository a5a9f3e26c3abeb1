package cn.renovation.decisions.dossier;

import cn.renovation.decisions.audit.RulesetArchive;
import cn.renovation.decisions.publishing.AdminActionLog;
import cn.renovation.decisions.publishing.CandidateService;
import cn.renovation.decisions.publishing.ImpactDatasets;
import cn.renovation.decisions.ruleset.RulesetRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DossierConfiguration {
    private static final Logger log = LoggerFactory.getLogger(DossierConfiguration.class);

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
        DossierFont fonts = new DossierFont(font.isBlank() ? null : Path.of(font.strip()), DossierFont.WELL_KNOWN);
        if (!fonts.anyFilePresent()) {
            // said at start, not only to the first person who asks for a PDF
            log.warn(
                    "change dossier PDFs are off until a CJK font is installed: {} (apt-get install fonts-wqy-microhei, "
                            + "or set renovation.dossier.font); the JSON dossier works",
                    font.isBlank() ? "none of the well-known font files exists" : font + " does not exist");
        }
        return new DossierPdf(fonts, zone);
    }
}

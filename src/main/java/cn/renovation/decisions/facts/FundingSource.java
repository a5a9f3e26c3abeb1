package cn.renovation.decisions.facts;

/** 6.3.1 "四个一点" — government, utilities (管线单位), property units (产权单位), residents — and social capital. */
public enum FundingSource {
    GOVERNMENT,
    UTILITIES,
    PROPERTY_UNIT,
    RESIDENTS,
    SOCIAL_CAPITAL;

    /** The four sources every funding response totals, even at zero; social capital only where a row uses it. */
    public boolean alwaysReported() {
        return this != SOCIAL_CAPITAL;
    }
}

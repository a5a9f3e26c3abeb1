package cn.renovation.decisions.facts;

/** 4.1 residential building body (居民住宅建筑主体) or 4.2 community public infrastructure (小区公共基础设施配套). */
public enum ItemCategory {
    BUILDING,
    PUBLIC
}

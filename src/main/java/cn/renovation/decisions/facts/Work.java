package cn.renovation.decisions.facts;

import java.util.Collection;
import java.util.stream.Collectors;

/** The three kinds of work that take a project out of the 6.2.2 approval green channel, named in the plan's words. */
public enum Work {
    NEW_LAND("新增用地", "new land"),
    NEW_PIPELINES("新建管道（线）", "new pipelines (lines)"),
    STRUCTURAL_WORK("建筑物主体结构工程", "work on the main building structure");

    private final String nameZh;
    private final String nameEn;

    Work(String nameZh, String nameEn) {
        this.nameZh = nameZh;
        this.nameEn = nameEn;
    }

    public String nameZh() {
        return nameZh;
    }

    public String nameEn() {
        return nameEn;
    }

    /** The works in declaration order, as a Chinese sentence lists them: 新增用地、建筑物主体结构工程. */
    public static String namesZh(Collection<?> works) {
        return sorted(works).map(Work::nameZh).collect(Collectors.joining("、"));
    }

    /** The works in declaration order, as an English sentence lists them: new land and work on the main building structure. */
    public static String namesEn(Collection<?> works) {
        return sorted(works).map(Work::nameEn).collect(Collectors.joining(" and "));
    }

    private static java.util.stream.Stream<Work> sorted(Collection<?> works) {
        return works.stream().map(Work.class::cast).sorted();
    }
}

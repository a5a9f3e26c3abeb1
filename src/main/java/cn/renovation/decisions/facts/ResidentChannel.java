package cn.renovation.decisions.facts;

/** 6.3.2: a way residents may pay their part (maintenance fund, public income, provident fund). */
public final class ResidentChannel {
    private final String code;
    private String nameZh;
    private String nameEn;
    private int order;
    private boolean offered;

    public ResidentChannel(String code) {
        this.code = code.strip();
    }

    /** A fresh, not yet offered copy of a channel as its table row defined it (see {@link MenuLine#MenuLine(MenuLine)}). */
    public ResidentChannel(ResidentChannel definition) {
        this.code = definition.code;
        this.nameZh = definition.nameZh;
        this.nameEn = definition.nameEn;
        this.order = definition.order;
    }

    public void setNameZh(String nameZh) {
        this.nameZh = nameZh.strip();
    }

    public void setNameEn(String nameEn) {
        this.nameEn = nameEn.strip();
    }

    /** Sets the listing order and returns this, so a table's last action column can insert it. */
    public ResidentChannel order(int order) {
        this.order = order;
        return this;
    }

    /** Residents pay part of at least one selected item, so this channel is offered to them. */
    public void offer() {
        this.offered = true;
    }

    public String getCode() {
        return code;
    }

    public String getNameZh() {
        return nameZh;
    }

    public String getNameEn() {
        return nameEn;
    }

    public int getOrder() {
        return order;
    }

    public boolean isOffered() {
        return offered;
    }
}

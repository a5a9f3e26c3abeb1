package cn.renovation.decisions.facts;

import java.time.LocalDate;

/** When the item list was put to the owners' committee (5.1.8) and the design to the residents (5.2.1); null = not yet. */
public record Consultations(LocalDate itemList, LocalDate design) {}

package cn.renovation.decisions.web;

/** One bad field of a request, at its JSON path: {@code community.completionYear: expected a year like 1995, got "abc"}. */
public record FieldError(String field, String message) {}

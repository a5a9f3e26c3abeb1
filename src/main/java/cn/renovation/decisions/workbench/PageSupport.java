package cn.renovation.decisions.workbench;

import cn.renovation.decisions.evaluation.RulesetDefectException;
import cn.renovation.decisions.publishing.PublishingRefusedException;
import cn.renovation.decisions.web.FieldError;
import cn.renovation.decisions.web.InvalidRequestException;
import cn.renovation.decisions.web.NotFoundException;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * What every workbench page has: the signed-in user and roles (for the menu), and errors shown as a page in
 * Chinese and English instead of the API's problem JSON. A page never shows a stack trace.
 */
abstract class PageSupport {
    private static final Logger log = LoggerFactory.getLogger(PageSupport.class);

    @ModelAttribute("user")
    String user() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        return a == null || !a.isAuthenticated() || "anonymousUser".equals(a.getName()) ? null : a.getName();
    }

    @ModelAttribute("roles")
    Set<String> roles() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        Set<String> roles = new TreeSet<>();
        if (a != null) {
            for (GrantedAuthority g : a.getAuthorities()) {
                if (g.getAuthority().startsWith("ROLE_")) {
                    roles.add(g.getAuthority().substring(5));
                }
            }
        }
        return roles;
    }

    static String currentUser() {
        return SecurityContextHolder.getContext().getAuthentication().getName();
    }

    @ExceptionHandler(NotFoundException.class)
    String notFound(NotFoundException e, Model model, HttpServletResponse res) {
        res.setStatus(404);
        return error(model, "未找到 / Not found", List.of(e.getMessage()));
    }

    @ExceptionHandler(InvalidRequestException.class)
    String invalid(InvalidRequestException e, Model model, HttpServletResponse res) {
        res.setStatus(400);
        return error(
                model,
                "输入有误 / Invalid input",
                e.errors().stream().map(f -> f.field() + ": " + f.message()).toList());
    }

    /**
     * A query parameter the page cannot read (a date such as {@code from=x} or {@code to=2020-13-45}): which
     * parameter, what it should look like, and what came — never the 500 page.
     */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    String unreadableParameter(MethodArgumentTypeMismatchException e, Model model, HttpServletResponse res) {
        res.setStatus(400);
        Class<?> type = e.getRequiredType();
        String expected = type == java.time.LocalDate.class
                ? "应为日期，格式 年-月-日，如 2026-01-31 / expected a date as YYYY-MM-DD, e.g. 2026-01-31"
                : type != null && Number.class.isAssignableFrom(type)
                        ? "应为整数 / expected a whole number"
                        : "格式不对 / not in the expected form";
        return error(
                model,
                "输入有误 / Invalid input",
                List.of("参数 parameter " + e.getName() + ": " + expected + "; 收到 got " + shown(e.getValue())));
    }

    /** Percent-encoding that is not UTF-8 ({@code %C0%AF}, {@code %ED%A0%80}): Tomcat refuses to decode it. */
    @ExceptionHandler(InvalidParameterException.class)
    String undecodableParameter(InvalidParameterException e, Model model, HttpServletResponse res) {
        res.setStatus(400);
        return error(
                model,
                "输入有误 / Invalid input",
                List.of(
                        "查询参数无法解码：参数须为百分号编码的 UTF-8 / a query parameter cannot be decoded: parameters are percent-encoded UTF-8"));
    }

    /** A header or parameter Spring Security's firewall refuses when it is read (control characters). */
    @ExceptionHandler(RequestRejectedException.class)
    String rejected(RequestRejectedException e, Model model, HttpServletResponse res) {
        res.setStatus(400);
        return error(
                model,
                "输入有误 / Invalid input",
                List.of(
                        "请求头或参数含有不允许的字符（控制字符）/ a header or parameter holds characters that are not allowed (control characters)"));
    }

    /** A parameter's value as a page may show it: quoted, at most 40 characters, every value of a repeated one. */
    static String shown(Object value) {
        String s = value instanceof String[] a ? String.join(", ", a) : String.valueOf(value);
        return "\"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
    }

    @ExceptionHandler(PublishingRefusedException.class)
    String refused(PublishingRefusedException e, Model model, HttpServletResponse res) {
        res.setStatus(409);
        return error(model, "操作被拒绝 / Refused", List.of(e.getMessage()));
    }

    /** Right after a start the ruleset compiles for a few seconds; the pages that need it say so. */
    @ExceptionHandler(cn.renovation.decisions.ruleset.RulesetNotReadyException.class)
    String notReady(RuntimeException e, Model model, HttpServletResponse res) {
        res.setStatus(503);
        res.setHeader("Retry-After", "5");
        return error(
                model,
                "规则正在编译 / The ruleset is still compiling",
                List.of(
                        "服务刚启动，规则正在编译，请几秒后刷新 / the service has just started and its ruleset is compiling: reload in a few seconds"));
    }

    /**
     * A defect of the serving ruleset met on this page (the Try page's evaluation): 503 naming the version, as the
     * API answers, not "the page failed".
     */
    @ExceptionHandler(RulesetDefectException.class)
    String defect(RulesetDefectException e, Model model, HttpServletResponse res) {
        log.error("ruleset defect on {} (workbench)", e.version(), e);
        onDefect(e);
        res.setStatus(503);
        return error(
                model,
                "规则集缺陷 / The serving ruleset has a defect",
                List.of("规则集版本" + e.version() + "无法完成此决定，请联系规则管理员 / the serving ruleset " + e.version()
                        + " could not finish this decision: " + e.getMessage()));
    }

    /** Where a page that evaluates reports a defect it met (to readiness); nothing by default. */
    void onDefect(RulesetDefectException e) {}

    @ExceptionHandler(RuntimeException.class)
    String failed(RuntimeException e, Model model, HttpServletResponse res) {
        log.error("workbench page failed", e);
        res.setStatus(500);
        return error(
                model,
                "页面出错 / The page failed",
                List.of("服务出错，已记录日志 / something went wrong on the server; it is logged"));
    }

    private String error(Model model, String title, List<String> messages) {
        model.addAttribute("user", user());
        model.addAttribute("roles", roles());
        model.addAttribute("title", title);
        model.addAttribute("messages", messages);
        return "workbench/error";
    }

    static List<String> messages(List<FieldError> errors) {
        return errors.stream().map(f -> f.field() + ": " + f.message()).toList();
    }
}

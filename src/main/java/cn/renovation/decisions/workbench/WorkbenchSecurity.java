package cn.renovation.decisions.workbench;

import cn.renovation.decisions.publishing.LoginThrottle;
import cn.renovation.decisions.publishing.SecurityProperties;
import com.github.benmanes.caffeine.cache.Ticker;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The workbench's pages sign in with a form and a session (CSRF on), in a chain of their own matched on
 * {@code /workbench/**}; the JSON API keeps its stateless chain (HTTP Basic, X-API-Key, X-Audit-Key). Same
 * users and roles: EDITOR and APPROVER for the ruleset pages, APPROVER to approve and roll back, AUDITOR for
 * recorded decisions (residents' data). Failed form logins count in the same kind of throttle as Basic ones.
 * Maker-checker itself stays in the publishing service: the uploader cannot approve, whichever path.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class WorkbenchSecurity {
    static final String LOGIN = "/workbench/login";

    @Bean
    @Order(1)
    SecurityFilterChain workbenchFilterChain(HttpSecurity http, SecurityProperties properties) throws Exception {
        LoginThrottle throttle = new LoginThrottle(properties.login(), Ticker.systemTicker());
        http.securityMatcher("/workbench", "/workbench/**")
                .authorizeHttpRequests(a -> a.requestMatchers(LOGIN, "/workbench/assets/**", "/workbench/denied")
                        .permitAll()
                        .requestMatchers("/workbench/decisions", "/workbench/decisions/**", "/workbench/audit/**")
                        .hasRole("AUDITOR")
                        .requestMatchers(
                                HttpMethod.POST, "/workbench/candidates/*/approve", "/workbench/history/rollback")
                        .hasRole("APPROVER")
                        .requestMatchers(HttpMethod.POST, "/workbench/candidates")
                        .hasRole("EDITOR")
                        // an auditor follows a decision's ruleset version to its tables (read-only)
                        .requestMatchers(HttpMethod.GET, "/workbench/ruleset", "/workbench/ruleset/**")
                        .hasAnyRole("EDITOR", "APPROVER", "AUDITOR")
                        .requestMatchers(
                                "/workbench/candidates",
                                "/workbench/candidates/**",
                                "/workbench/history",
                                "/workbench/history/**")
                        .hasAnyRole("EDITOR", "APPROVER")
                        .anyRequest()
                        .authenticated())
                .formLogin(f -> f.loginPage(LOGIN)
                        .loginProcessingUrl(LOGIN)
                        .defaultSuccessUrl("/workbench/", false)
                        .failureHandler((req, res, e) -> {
                            throttle.failed(user(req), req.getRemoteAddr());
                            res.sendRedirect(req.getContextPath() + LOGIN + "?error");
                        })
                        .permitAll())
                .logout(l -> l.logoutUrl("/workbench/logout").logoutSuccessUrl(LOGIN + "?logout"))
                .exceptionHandling(e -> e.accessDeniedPage("/workbench/denied"))
                .headers(h -> h.frameOptions(fo -> fo.deny()))
                .addFilterBefore(
                        new OncePerRequestFilter() {
                            @Override
                            protected void doFilterInternal(
                                    HttpServletRequest req, HttpServletResponse res, FilterChain chain)
                                    throws ServletException, IOException {
                                if ("POST".equals(req.getMethod()) && LOGIN.equals(req.getServletPath())) {
                                    var lock = throttle.locked(user(req), req.getRemoteAddr());
                                    if (lock.isPresent()) {
                                        res.setHeader(
                                                "Retry-After",
                                                Long.toString(lock.get().retryAfterSeconds()));
                                        res.sendRedirect(req.getContextPath() + LOGIN + "?locked="
                                                + lock.get().retryAfterSeconds());
                                        return;
                                    }
                                }
                                chain.doFilter(req, res);
                            }
                        },
                        UsernamePasswordAuthenticationFilter.class);
        return http.build();
    }

    private static String user(HttpServletRequest req) {
        String u = req.getParameter("username");
        return u == null ? "" : u.toLowerCase(Locale.ROOT);
    }
}

package cn.renovation.decisions.workbench;

import cn.renovation.decisions.publishing.LoginThrottle;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Supplier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.savedrequest.DefaultSavedRequest;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The workbench's pages sign in with a form and a session (CSRF on), in a chain of their own matched on
 * {@code /workbench/**}; the JSON API keeps its stateless chain (HTTP Basic, X-API-Key, X-Audit-Key). Same
 * users and roles: EDITOR and APPROVER for the ruleset pages, APPROVER to approve and roll back, AUDITOR for
 * recorded decisions (residents' data). Failed form logins count in the API's {@link LoginThrottle} (per user
 * and address, per address). Maker-checker itself stays in the publishing service: the uploader cannot approve,
 * whichever path.
 *
 * <p>Hardening: CSRF tokens are taken from the form body or the {@code X-CSRF-TOKEN} header, never from the
 * query string (a URL is logged, kept in history and sent on as Referer); a missing token and a missing role are
 * both the 403 page, whatever the method; the pages carry a Content-Security-Policy that allows only this
 * origin's scripts, styles and forms (the pages have no inline script or style), Referrer-Policy same-origin,
 * X-Frame-Options DENY and, over TLS, HSTS; every redirect is a relative path, never built from the
 * {@code Host} header (with {@code server.tomcat.use-relative-redirects}). The session cookie is HttpOnly and
 * SameSite=Lax, and Secure when the request came over TLS ({@code server.servlet.session.cookie.*}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class WorkbenchSecurity {
    static final String LOGIN = "/workbench/login";
    static final String HOME = "/workbench/";
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    @Bean
    @Order(1)
    SecurityFilterChain workbenchFilterChain(HttpSecurity http, LoginThrottle throttle) throws Exception {
        LoginUrlAuthenticationEntryPoint toLogin = new LoginUrlAuthenticationEntryPoint(LOGIN);
        toLogin.setFavorRelativeUris(true);
        RequestCache requests = new HttpSessionRequestCache();
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
                .csrf(c -> c.csrfTokenRequestHandler(new BodyOrHeaderCsrfTokens()))
                .requestCache(c -> c.requestCache(requests))
                .formLogin(f -> f.loginPage(LOGIN)
                        .loginProcessingUrl(LOGIN)
                        .successHandler(backToThePage(requests, throttle))
                        .failureHandler((req, res, e) -> {
                            throttle.failed(user(req), req.getRemoteAddr());
                            res.sendRedirect(req.getContextPath() + LOGIN + "?error");
                        })
                        .permitAll())
                .logout(l -> l.logoutUrl("/workbench/logout").logoutSuccessUrl(LOGIN + "?logout"))
                .exceptionHandling(e -> e.authenticationEntryPoint(toLogin).accessDeniedPage("/workbench/denied"))
                .headers(h -> h.frameOptions(fo -> fo.deny())
                        .contentSecurityPolicy(c -> c.policyDirectives(CSP))
                        .referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN))
                        // written on requests that came over TLS only (Spring Security's default matcher)
                        .httpStrictTransportSecurity(s -> s.maxAgeInSeconds(31_536_000)))
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

    /**
     * After signing in, back to the workbench page that sent the visitor to sign in — by its path, not by the
     * absolute URL Spring Security saved with it (that one is built from the Host header) — or to the start page.
     */
    static AuthenticationSuccessHandler backToThePage(RequestCache requests, LoginThrottle throttle) {
        return (req, res, auth) -> {
            throttle.succeeded(user(req), req.getRemoteAddr());
            SavedRequest saved = requests.getRequest(req, res);
            requests.removeRequest(req, res);
            String target = HOME;
            if (saved instanceof DefaultSavedRequest d
                    && "GET".equals(d.getMethod())
                    && d.getRequestURI().startsWith(req.getContextPath() + "/workbench")) {
                target = d.getRequestURI() + (d.getQueryString() == null ? "" : "?" + d.getQueryString());
            } else {
                target = req.getContextPath() + target;
            }
            res.sendRedirect(target);
        };
    }

    private static String user(HttpServletRequest req) {
        String u = req.getParameter("username");
        return u == null ? "" : u.toLowerCase(Locale.ROOT);
    }

    /**
     * Spring Security's token handling (XOR-masked tokens, the header first), except that a token in the query
     * string counts as none: forms send it in their body, scripts in the header.
     */
    static final class BodyOrHeaderCsrfTokens implements CsrfTokenRequestHandler {
        private final XorCsrfTokenRequestAttributeHandler delegate = new XorCsrfTokenRequestAttributeHandler();

        @Override
        public void handle(HttpServletRequest req, HttpServletResponse res, Supplier<CsrfToken> token) {
            delegate.handle(req, res, token);
        }

        @Override
        public String resolveCsrfTokenValue(HttpServletRequest req, CsrfToken token) {
            if (req.getHeader(token.getHeaderName()) == null
                    && inQuery(req.getQueryString(), token.getParameterName())) {
                return null;
            }
            return delegate.resolveCsrfTokenValue(req, token);
        }

        static boolean inQuery(String query, String name) {
            if (query == null) {
                return false;
            }
            for (String pair : query.split("&")) {
                String key = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
                try {
                    if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
                        return true;
                    }
                } catch (IllegalArgumentException e) {
                    return true; // undecodable: the container may read it as anything, so it is not trusted
                }
            }
            return false;
        }
    }
}

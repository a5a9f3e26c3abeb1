package cn.renovation.decisions.publishing;

import cn.renovation.decisions.web.ProblemTypes;
import com.github.benmanes.caffeine.cache.Ticker;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Evaluation stays open to integrating systems (or behind {@code X-API-Key} when one is configured).
 * Changing the ruleset needs HTTP Basic as a configured user: EDITOR to validate and upload, APPROVER to
 * activate or roll back; {@link CandidateService} makes sure nobody approves their own upload. With no
 * users configured the administrative operations are off, and the service says so at start.
 *
 * <p>The audit trail — recorded decisions (residents' data), searches, exports, verifies, replays — needs
 * the AUDITOR role over HTTP Basic, or the audit API key in {@code X-Audit-Key} (a key of its own, not the
 * evaluation key). With neither configured, audit reads are refused and the service says so at start; the
 * audit command line reads the log's files directly and is not affected. Failed Basic logins and wrong audit
 * keys are delayed per user name and client address and per address ({@link LoginThrottle}, one for the API and
 * the workbench's form).
 *
 * <p>Credentials are read only where they are needed — administration, the audit trail and the actuator. On the
 * open endpoints (evaluation, the catalog, the serving ruleset, the API document) an {@code Authorization} header
 * is ignored: the request is anonymous, so a wrong or stale password there neither fails the request nor counts
 * as a failed login. The actuator's link list and health details are for APPROVER and AUDITOR; the liveness and
 * readiness status and the metrics stay open for probes and Prometheus.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration {
    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);
    static final String ADMIN_PATHS = "/api/v1/rulesets/**";
    static final String[] AUDIT_PATHS = {
        "/api/v1/decisions", "/api/v1/decisions/**", "/api/v1/audit/**", "/api/v1/replays", "/api/v1/replays/**"
    };
    static final String AUDIT_KEY_HEADER = "X-Audit-Key";
    static final String TOO_MANY_LOGINS = "https://renovation.example.cn/problems/too-many-failed-logins";

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** One throttle for every way of signing in: Basic, the workbench's form and the audit key. */
    @Bean
    LoginThrottle loginThrottle(SecurityProperties properties, Environment env) {
        for (String old : new String[] {"max-failures-per-user", "max-failures-per-address", "window"}) {
            // the hard lock these configured is gone: say what replaced it rather than ignore the setting
            if (env.containsProperty("renovation.security.login." + old)) {
                throw new IllegalStateException("renovation.security.login." + old
                        + " is no longer read: failed logins are delayed per user and address and per address "
                        + "(renovation.security.login.failures-before-delay, address-failures-before-delay, first-delay, "
                        + "max-delay, forget-after; README, \"Who may do what\")");
            }
        }
        return new LoginThrottle(properties.login(), Ticker.systemTicker());
    }

    @Bean
    UserDetailsService users(SecurityProperties properties) {
        InMemoryUserDetailsManager manager = new InMemoryUserDetailsManager();
        for (SecurityProperties.User u : properties.users()) {
            if (u.name() == null
                    || u.name().isBlank()
                    || u.password() == null
                    || !u.password()
                            .matches(
                                    "\\{(bcrypt|argon2@SpringSecurity_v5_8|pbkdf2@SpringSecurity_v5_8|scrypt@SpringSecurity_v5_8)}.+")) {
                throw new IllegalStateException("renovation.security.users: user \"" + u.name()
                        + "\" needs a hashed password such as {bcrypt}$2a$10$…; plain-text passwords are refused");
            }
            List<String> roles = u.roles() == null ? List.of() : u.roles();
            if (roles.isEmpty() || !SecurityProperties.ROLES.containsAll(roles)) {
                throw new IllegalStateException("renovation.security.users: user \"" + u.name()
                        + "\" needs roles among " + SecurityProperties.ROLES + ", got " + roles);
            }
            manager.createUser(User.withUsername(u.name())
                    .password(u.password())
                    .roles(roles.toArray(String[]::new))
                    .build());
        }
        if (properties.adminEnabled()) {
            log.info(
                    "administrative operations are on for {} user(s)",
                    properties.users().size());
        } else {
            log.warn(
                    "administrative operations are OFF: no renovation.security.users with role EDITOR or APPROVER are configured, so rulesets can only change by restart");
        }
        if (properties.auditEnabled()) {
            log.info(
                    "audit reads are on: {} auditor(s){}",
                    properties.users().stream()
                            .filter(u -> u.roles().contains("AUDITOR"))
                            .count(),
                    properties.auditApiKey() == null ? "" : " and the audit API key");
        } else {
            log.warn(
                    "audit reads are OFF: configure a renovation.security.users entry with role AUDITOR or renovation.security.audit-api-key "
                            + "to read, export, verify or replay recorded decisions over HTTP (the audit command line works regardless)");
        }
        return manager;
    }

    @Bean
    SecurityFilterChain securityFilterChain(
            HttpSecurity http, SecurityProperties properties, JsonMapper mapper, LoginThrottle throttle)
            throws Exception {
        http.csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(b -> b.authenticationEntryPoint((req, res, e) -> problem(
                        res,
                        mapper,
                        HttpStatus.UNAUTHORIZED,
                        "Authentication required",
                        "sign in with HTTP Basic as a configured user",
                        req)))
                .exceptionHandling(e -> e.authenticationEntryPoint((req, res, x) -> {
                            res.setHeader("WWW-Authenticate", "Basic realm=\"renovation\"");
                            problem(
                                    res,
                                    mapper,
                                    HttpStatus.UNAUTHORIZED,
                                    "Authentication required",
                                    "sign in with HTTP Basic as a configured user",
                                    req);
                        })
                        .accessDeniedHandler((req, res, x) -> problem(
                                res,
                                mapper,
                                HttpStatus.FORBIDDEN,
                                "Forbidden",
                                "your role does not allow this: validating and uploading need EDITOR, activating and rolling back need APPROVER, "
                                        + "reading the decision log needs AUDITOR, the actuator's links and health details need APPROVER or AUDITOR",
                                req)))
                .authorizeHttpRequests(a -> a.requestMatchers(AUDIT_PATHS)
                        .hasRole("AUDITOR")
                        .requestMatchers(
                                HttpMethod.POST,
                                "/api/v1/rulesets/candidates/*/activate",
                                "/api/v1/rulesets/*/activate")
                        .hasRole("APPROVER")
                        .requestMatchers(
                                HttpMethod.POST,
                                "/api/v1/rulesets/validate",
                                "/api/v1/rulesets/candidates",
                                "/api/v1/rulesets/candidates/from-directory")
                        .hasRole("EDITOR")
                        .requestMatchers("/api/v1/rulesets/active")
                        .permitAll()
                        .requestMatchers(ADMIN_PATHS)
                        .hasAnyRole("EDITOR", "APPROVER")
                        // the link list names every endpoint; health details (management.endpoint.health.roles)
                        // follow the same roles, while the probes' status and the metrics stay open
                        .requestMatchers("/actuator", "/actuator/")
                        .hasAnyRole("APPROVER", "AUDITOR")
                        .anyRequest()
                        .permitAll())
                .headers(h -> h.referrerPolicy(r -> r.policy(ReferrerPolicy.NO_REFERRER)))
                .addFilterBefore(new GateFilter(properties, mapper, throttle), BasicAuthenticationFilter.class)
                .addFilterBefore(new ThrottleFilter(throttle, mapper), BasicAuthenticationFilter.class);
        return http.build();
    }

    /** Where credentials are read: administration, the audit trail and the actuator. Elsewhere they are ignored. */
    static boolean credentialPath(String path) {
        return path.equals("/api/v1/rulesets")
                || (path.startsWith("/api/v1/rulesets/") && !path.equals("/api/v1/rulesets/active"))
                || auditPath(path)
                || path.equals("/actuator")
                || path.startsWith("/actuator/");
    }

    static boolean auditPath(String path) {
        return path.equals("/api/v1/decisions")
                || path.startsWith("/api/v1/decisions/")
                || path.startsWith("/api/v1/audit/")
                || path.equals("/api/v1/replays")
                || path.startsWith("/api/v1/replays/");
    }

    /**
     * Turns administration off when no users are configured and audit reads off when no auditors are; signs
     * in an auditing system by its audit key; asks integrating systems for the API key when one is set.
     */
    static final class GateFilter extends OncePerRequestFilter {
        private final SecurityProperties properties;
        private final JsonMapper mapper;
        private final LoginThrottle throttle;
        private final byte[] apiKey;
        private final byte[] auditKey;
        private static final SecurityContextRepository CONTEXTS = new RequestAttributeSecurityContextRepository();

        GateFilter(SecurityProperties properties, JsonMapper mapper, LoginThrottle throttle) {
            this.properties = properties;
            this.mapper = mapper;
            this.throttle = throttle;
            this.apiKey =
                    properties.apiKey() == null ? null : properties.apiKey().getBytes(StandardCharsets.UTF_8);
            this.auditKey = properties.auditApiKey() == null
                    ? null
                    : properties.auditApiKey().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
                throws ServletException, IOException {
            String path = req.getRequestURI();
            boolean admin = path.startsWith("/api/v1/rulesets/") && !path.equals("/api/v1/rulesets/active");
            if (admin && !properties.adminEnabled()) {
                problem(
                        res,
                        mapper,
                        HttpStatus.FORBIDDEN,
                        "Administration off",
                        "administrative operations are off: no users are configured (renovation.security.users)",
                        req);
                return;
            }
            boolean audit = auditPath(path);
            if (audit && !properties.auditEnabled()) {
                problem(
                        res,
                        mapper,
                        HttpStatus.FORBIDDEN,
                        "Audit reads off",
                        "审计查询未开启 / audit reads are off: configure a user with role AUDITOR (renovation.security.users[n].roles=AUDITOR) "
                                + "or an audit API key (renovation.security.audit-api-key, sent as " + AUDIT_KEY_HEADER
                                + ")",
                        req);
                return;
            }
            if (audit) {
                String given = req.getHeader(AUDIT_KEY_HEADER);
                if (given != null) {
                    // Guessed keys are delayed like guessed passwords, per address (the key has no user name).
                    String address = req.getRemoteAddr();
                    var lock = throttle.locked(LoginThrottle.AUDIT_KEY, address);
                    if (lock.isPresent()) {
                        tooMany(res, mapper, lock.get(), req);
                        return;
                    }
                    // Compared in constant time, like the API key: the time to refuse must not tell how much matched.
                    if (auditKey == null || !MessageDigest.isEqual(auditKey, given.getBytes(StandardCharsets.UTF_8))) {
                        throttle.failed(LoginThrottle.AUDIT_KEY, address);
                        problem(
                                res,
                                mapper,
                                HttpStatus.UNAUTHORIZED,
                                "Audit key not accepted",
                                "the " + AUDIT_KEY_HEADER + " header does not hold the configured audit API key",
                                req);
                        return;
                    }
                    throttle.succeeded(LoginThrottle.AUDIT_KEY, address);
                    SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();
                    SecurityContext context = holder.createEmptyContext();
                    context.setAuthentication(new PreAuthenticatedAuthenticationToken(
                            "audit-api-key", null, List.of(new SimpleGrantedAuthority("ROLE_AUDITOR"))));
                    holder.setContext(context);
                    // Kept on the request as Basic logins are, or the async dispatch of a streamed export
                    // (a second pass through the filters) would find nobody signed in.
                    CONTEXTS.saveContext(context, req, res);
                }
            }
            if (!admin && !audit && apiKey != null && path.startsWith("/api/")) {
                String given = req.getHeader("X-API-Key");
                if (given == null || !MessageDigest.isEqual(apiKey, given.getBytes(StandardCharsets.UTF_8))) {
                    problem(
                            res,
                            mapper,
                            HttpStatus.UNAUTHORIZED,
                            "API key required",
                            "send the configured API key in the X-API-Key header",
                            req);
                    return;
                }
            }
            chain.doFilter(req, res);
        }
    }

    /**
     * Answers 429 to a Basic login for a user name from an address, or from an address, that must still wait,
     * before its password is even checked; counts the logins that fail and clears a pair on success. On an open
     * endpoint it takes the Authorization header away instead.
     */
    static final class ThrottleFilter extends OncePerRequestFilter {
        private final LoginThrottle throttle;
        private final JsonMapper mapper;

        ThrottleFilter(LoginThrottle throttle, JsonMapper mapper) {
            this.throttle = throttle;
            this.mapper = mapper;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
                throws ServletException, IOException {
            if (req.getHeader("Authorization") != null && !credentialPath(req.getRequestURI())) {
                // an open endpoint: whatever the header holds, the request is anonymous and nothing is counted
                chain.doFilter(new WithoutAuthorization(req), res);
                return;
            }
            String user = basicUser(req.getHeader("Authorization"));
            if (user == null) {
                chain.doFilter(req, res);
                return;
            }
            String address = req.getRemoteAddr();
            var lock = throttle.locked(user, address);
            if (lock.isPresent()) {
                tooMany(res, mapper, lock.get(), req);
                return;
            }
            chain.doFilter(req, res);
            // With credentials sent, a 401 can only be BasicAuthenticationFilter refusing them.
            if (res.getStatus() == HttpStatus.UNAUTHORIZED.value()) {
                throttle.failed(user, address);
            } else {
                throttle.succeeded(user, address);
            }
        }

        /** The user name of a Basic header, lower-cased as the user store compares names; "" when it does not decode. */
        static String basicUser(String header) {
            if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
                return null;
            }
            try {
                String decoded = new String(
                        Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return (colon < 0 ? "" : decoded.substring(0, colon)).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                return "";
            }
        }
    }

    /** The request as BasicAuthenticationFilter should see it on an open endpoint: with no Authorization header. */
    static final class WithoutAuthorization extends HttpServletRequestWrapper {
        WithoutAuthorization(HttpServletRequest req) {
            super(req);
        }

        @Override
        public String getHeader(String name) {
            return "Authorization".equalsIgnoreCase(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return "Authorization".equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                    .filter(n -> !"Authorization".equalsIgnoreCase(n))
                    .toList());
        }
    }

    static void tooMany(HttpServletResponse res, JsonMapper mapper, LoginThrottle.Lock lock, HttpServletRequest req)
            throws IOException {
        long seconds = lock.retryAfterSeconds();
        res.setHeader("Retry-After", Long.toString(seconds));
        problem(
                res,
                mapper,
                HttpStatus.TOO_MANY_REQUESTS,
                TOO_MANY_LOGINS,
                "Too many failed logins",
                "登录失败次数过多，请 " + seconds + " 秒后再试 / too many failed logins "
                        + (lock.by().equals("address") ? "from this address" : "for this user from this address")
                        + "; retry after " + seconds + " s",
                req);
    }

    static void problem(
            HttpServletResponse res,
            JsonMapper mapper,
            HttpStatus status,
            String title,
            String detail,
            HttpServletRequest req)
            throws IOException {
        problem(
                res,
                mapper,
                status,
                status == HttpStatus.UNAUTHORIZED ? ProblemTypes.UNAUTHORIZED : ProblemTypes.FORBIDDEN,
                title,
                detail,
                req);
    }

    static void problem(
            HttpServletResponse res,
            JsonMapper mapper,
            HttpStatus status,
            String type,
            String title,
            String detail,
            HttpServletRequest req)
            throws IOException {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create(type));
        p.setTitle(title);
        p.setInstance(URI.create(req.getRequestURI()));
        res.setStatus(status.value());
        res.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        mapper.writeValue(res.getOutputStream(), p);
    }
}

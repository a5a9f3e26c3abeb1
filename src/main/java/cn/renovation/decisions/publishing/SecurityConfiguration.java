package cn.renovation.decisions.publishing;

import cn.renovation.decisions.web.ProblemTypes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Evaluation stays open to integrating systems (or behind {@code X-API-Key} when one is configured).
 * Changing the ruleset needs HTTP Basic as a configured user: EDITOR to validate and upload, APPROVER to
 * activate or roll back; {@link CandidateService} makes sure nobody approves their own upload. With no
 * users configured the administrative operations are off, and the service says so at start.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class SecurityConfiguration {
    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);
    static final String ADMIN_PATHS = "/api/v1/rulesets/**";

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService users(SecurityProperties properties) {
        InMemoryUserDetailsManager manager = new InMemoryUserDetailsManager();
        for (SecurityProperties.User u : properties.users()) {
            if (u.name() == null || u.name().isBlank() || u.password() == null || !u.password().matches("\\{(bcrypt|argon2@SpringSecurity_v5_8|pbkdf2@SpringSecurity_v5_8|scrypt@SpringSecurity_v5_8)}.+")) {
                throw new IllegalStateException("renovation.security.users: user \"" + u.name()
                        + "\" needs a hashed password such as {bcrypt}$2a$10$…; plain-text passwords are refused");
            }
            List<String> roles = u.roles() == null ? List.of() : u.roles();
            if (roles.isEmpty() || !List.of("EDITOR", "APPROVER").containsAll(roles)) {
                throw new IllegalStateException("renovation.security.users: user \"" + u.name() + "\" needs roles EDITOR and/or APPROVER, got " + roles);
            }
            manager.createUser(User.withUsername(u.name()).password(u.password()).roles(roles.toArray(String[]::new)).build());
        }
        if (properties.adminEnabled()) {
            log.info("administrative operations are on for {} user(s)", properties.users().size());
        } else {
            log.warn("administrative operations are OFF: no renovation.security.users are configured, so rulesets can only change by restart");
        }
        return manager;
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, SecurityProperties properties, JsonMapper mapper) throws Exception {
        http.csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(b -> b.authenticationEntryPoint((req, res, e) -> problem(res, mapper, HttpStatus.UNAUTHORIZED,
                        "Authentication required", "sign in with HTTP Basic as a configured user", req)))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, x) -> {
                            res.setHeader("WWW-Authenticate", "Basic realm=\"renovation\"");
                            problem(res, mapper, HttpStatus.UNAUTHORIZED, "Authentication required",
                                    "sign in with HTTP Basic as a configured user", req);
                        })
                        .accessDeniedHandler((req, res, x) -> problem(res, mapper, HttpStatus.FORBIDDEN, "Forbidden",
                                "your role does not allow this: validating and uploading need EDITOR, activating and rolling back need APPROVER", req)))
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.POST, "/api/v1/rulesets/candidates/*/activate", "/api/v1/rulesets/*/activate").hasRole("APPROVER")
                        .requestMatchers(HttpMethod.POST, "/api/v1/rulesets/validate", "/api/v1/rulesets/candidates", "/api/v1/rulesets/candidates/from-directory").hasRole("EDITOR")
                        .requestMatchers("/api/v1/rulesets/active").permitAll()
                        .requestMatchers(ADMIN_PATHS).hasAnyRole("EDITOR", "APPROVER")
                        .anyRequest().permitAll())
                .addFilterBefore(new GateFilter(properties, mapper), BasicAuthenticationFilter.class);
        return http.build();
    }

    /** Turns administration off when no users are configured, and asks integrating systems for the API key when one is set. */
    static final class GateFilter extends OncePerRequestFilter {
        private final SecurityProperties properties;
        private final JsonMapper mapper;
        private final byte[] apiKey;

        GateFilter(SecurityProperties properties, JsonMapper mapper) {
            this.properties = properties;
            this.mapper = mapper;
            this.apiKey = properties.apiKey() == null || properties.apiKey().isBlank() ? null : properties.apiKey().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws ServletException, IOException {
            String path = req.getRequestURI();
            boolean admin = path.startsWith("/api/v1/rulesets/") && !path.equals("/api/v1/rulesets/active");
            if (admin && !properties.adminEnabled()) {
                problem(res, mapper, HttpStatus.FORBIDDEN, "Administration off",
                        "administrative operations are off: no users are configured (renovation.security.users)", req);
                return;
            }
            if (!admin && apiKey != null && path.startsWith("/api/")) {
                String given = req.getHeader("X-API-Key");
                if (given == null || !MessageDigest.isEqual(apiKey, given.getBytes(StandardCharsets.UTF_8))) {
                    problem(res, mapper, HttpStatus.UNAUTHORIZED, "API key required", "send the configured API key in the X-API-Key header", req);
                    return;
                }
            }
            chain.doFilter(req, res);
        }
    }

    static void problem(HttpServletResponse res, JsonMapper mapper, HttpStatus status, String title, String detail,
                        HttpServletRequest req) throws IOException {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create(status == HttpStatus.UNAUTHORIZED ? ProblemTypes.UNAUTHORIZED : ProblemTypes.FORBIDDEN));
        p.setTitle(title);
        p.setInstance(URI.create(req.getRequestURI()));
        res.setStatus(status.value());
        res.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        mapper.writeValue(res.getOutputStream(), p);
    }
}

package dev.descent.platform.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one filter chain. Deny by default: reads ({@code GET}) of the API for any signed-in account, every other method
 * on {@code /api/**} for members and admins, {@code /api/users} for admins; signing in, health and the API document for
 * anyone, and the web UI's files (which hold no data) too. A new endpoint is covered by these rules without naming it.
 * Browsers sign in with a session cookie ({@code SameSite=Lax}) and send the CSRF token Spring Security hands them in
 * the {@code XSRF-TOKEN} cookie; API clients and scripts send {@code Authorization: Bearer}, which no browser adds by
 * itself, so those requests need no CSRF token. CORS is off unless origins are configured.
 */
@Configuration
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfig {
    private static final Logger log = LoggerFactory.getLogger(SecurityConfig.class);
    /** The roles of accounts (a worker's lease token is none of them). */
    private static final String[] ACCOUNTS = {Role.ADMIN.name(), Role.MEMBER.name(), Role.VIEWER.name()};

    @Bean
    PasswordEncoder passwordEncoder() {
        return Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    }

    @Bean
    SecurityContextRepository securityContextRepository() {
        return new HttpSessionSecurityContextRepository();
    }

    @Bean
    CookieCsrfTokenRepository csrfTokenRepository() {
        CookieCsrfTokenRepository repository = CookieCsrfTokenRepository.withHttpOnlyFalse();
        repository.setCookieCustomizer(c -> c.sameSite("Lax"));
        return repository;
    }

    @Bean
    SecurityFilterChain filterChain(
            HttpSecurity http,
            SecurityProperties properties,
            Accounts accounts,
            JsonMapper json,
            SecurityContextRepository contexts,
            CookieCsrfTokenRepository csrfTokens,
            ObjectProvider<LeaseTokens> leases)
            throws Exception {
        ProblemResponses problems = new ProblemResponses(json);
        http.httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .headers(h -> h.cacheControl(c -> c.disable()));
        if (properties.corsOrigins().isEmpty()) http.cors(AbstractHttpConfigurer::disable);
        else http.cors(c -> c.configurationSource(cors(properties.corsOrigins())));

        if (!properties.enabled()) {
            log.warn("SECURITY IS OFF (descent.security.enabled=false): anyone who reaches this port may read, change"
                    + " and delete everything. Use it only for local experiments.");
            return http.csrf(AbstractHttpConfigurer::disable)
                    .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                    .build();
        }

        // Only a session cookie is sent by a browser on its own, so only a request that has one (and signing in,
        // against login CSRF) must carry the CSRF token; a request with neither is simply unauthenticated (401).
        RequestMatcher needsCsrf = request -> CsrfFilter.DEFAULT_CSRF_MATCHER.matches(request)
                && !BearerTokenFilter.hasBearer(request)
                && (request.getRequestedSessionId() != null
                        || ("POST".equals(request.getMethod()) && "/api/session".equals(request.getRequestURI())));
        http.securityContext(c -> c.securityContextRepository(contexts))
                .addFilterAfter(
                        new BearerTokenFilter(accounts, leases.getIfAvailable(), problems),
                        SecurityContextHolderFilter.class)
                .csrf(c -> c.csrfTokenRepository(csrfTokens)
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        .requireCsrfProtectionMatcher(needsCsrf))
                .addFilterAfter(new CsrfCookieFilter(), CsrfFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, ex) -> problems.write(
                                request,
                                response,
                                HttpStatus.UNAUTHORIZED,
                                "sign in first: send 'Authorization: Bearer <token>' or sign in at POST /api/session"))
                        .accessDeniedHandler((request, response, ex) -> problems.write(
                                request,
                                response,
                                HttpStatus.FORBIDDEN,
                                ex instanceof CsrfException
                                        ? "the CSRF token is missing or wrong: send the XSRF-TOKEN cookie's value as"
                                                + " the X-XSRF-TOKEN header, or use a bearer token"
                                        : "your role may not do this")))
                .authorizeHttpRequests(a -> a
                        // A streamed answer's later dispatches and error pages belong to a request already checked.
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/session")
                        .permitAll()
                        .requestMatchers("/api/users", "/api/users/**")
                        .hasRole(Role.ADMIN.name())
                        // A worker's lease token logs its run's metrics (MetricsController checks which run).
                        .requestMatchers(HttpMethod.POST, "/api/runs/*/metrics")
                        .hasAnyRole(Role.ADMIN.name(), Role.MEMBER.name(), Role.WORKER.name())
                        .requestMatchers("/api/session", "/api/session/**", "/api/tokens", "/api/tokens/**")
                        .hasAnyRole(ACCOUNTS)
                        // Checking a spec stores nothing; a viewer's model page does it too.
                        .requestMatchers(HttpMethod.POST, "/api/models/validate")
                        .hasAnyRole(ACCOUNTS)
                        .requestMatchers(HttpMethod.GET, "/api/**")
                        .hasAnyRole(ACCOUNTS)
                        .requestMatchers(HttpMethod.HEAD, "/api/**")
                        .hasAnyRole(ACCOUNTS)
                        .requestMatchers("/api/**")
                        .hasAnyRole(Role.ADMIN.name(), Role.MEMBER.name())
                        .requestMatchers(HttpMethod.GET, "/**")
                        .permitAll()
                        .requestMatchers(HttpMethod.HEAD, "/**")
                        .permitAll()
                        .anyRequest()
                        .denyAll());
        return http.build();
    }

    private static UrlBasedCorsConfigurationSource cors(List<String> origins) {
        CorsConfiguration c = new CorsConfiguration();
        c.setAllowedOrigins(origins);
        c.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"));
        c.setAllowedHeaders(List.of("Authorization", "Content-Type", "X-XSRF-TOKEN", "Last-Event-ID"));
        c.setAllowCredentials(true);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", c);
        return source;
    }

    /**
     * Loads the deferred CSRF token on every request, so its cookie is written and the web UI has a token to send
     * before its first change.
     */
    private static final class CsrfCookieFilter extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) token.getToken();
            chain.doFilter(request, response);
        }
    }
}

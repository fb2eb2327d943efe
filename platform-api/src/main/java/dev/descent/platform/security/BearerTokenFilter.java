package dev.descent.platform.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Authorization: Bearer <token>}: the request runs as the token's account for its own duration (no session is
 * made). A token that is not live is refused at once with 401 rather than treated as anonymous, so a client learns that
 * its token is the problem.
 */
final class BearerTokenFilter extends OncePerRequestFilter {
    private static final String UNAVAILABLE = "the database is unavailable; try again in a few seconds";
    private final Accounts accounts;
    private final LeaseTokens leases;
    private final ProblemResponses problems;

    BearerTokenFilter(Accounts accounts, LeaseTokens leases, ProblemResponses problems) {
        this.accounts = accounts;
        this.leases = leases;
        this.problems = problems;
    }

    static boolean hasBearer(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!hasBearer(request)) {
            chain.doFilter(request, response);
            return;
        }
        String token = request.getHeader(HttpHeaders.AUTHORIZATION).substring(7).strip();
        Optional<? extends UsernamePasswordAuthenticationToken> authentication;
        try {
            authentication = token.startsWith(LeaseTokens.PREFIX)
                    ? lease(token)
                    : accounts.authenticate(token).map(BearerTokenFilter::authentication);
        } catch (DataAccessException e) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "5");
            problems.write(request, response, HttpStatus.SERVICE_UNAVAILABLE, UNAVAILABLE);
            return;
        }
        if (authentication.isEmpty()) {
            problems.write(
                    request, response, HttpStatus.UNAUTHORIZED, "the bearer token is unknown, revoked or expired");
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication.get());
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private Optional<UsernamePasswordAuthenticationToken> lease(String token) {
        if (leases == null || token.length() > 200) return Optional.empty();
        OptionalLong run = leases.runHeldBy(LeaseTokens.hash(token));
        if (run.isEmpty()) return Optional.empty();
        return Optional.of(UsernamePasswordAuthenticationToken.authenticated(
                new LeaseHolder(run.getAsLong()), null, List.of(new SimpleGrantedAuthority(Role.WORKER.authority()))));
    }

    static UsernamePasswordAuthenticationToken authentication(Account account) {
        return UsernamePasswordAuthenticationToken.authenticated(
                account, null, List.of(new SimpleGrantedAuthority(account.role().authority())));
    }
}

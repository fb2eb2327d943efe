package dev.descent.platform.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.stereotype.Component;

/** Browser sessions: a new session (and CSRF token) at every sign-in, so a session id set before it is worthless. */
@Component
class Sessions {
    private final SecurityContextRepository contexts;
    private final CookieCsrfTokenRepository csrf;

    Sessions(SecurityContextRepository contexts, CookieCsrfTokenRepository csrf) {
        this.contexts = contexts;
        this.csrf = csrf;
    }

    void start(Account account, HttpServletRequest request, HttpServletResponse response) {
        HttpSession old = request.getSession(false);
        if (old != null) old.invalidate();
        request.getSession(true);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(BearerTokenFilter.authentication(account));
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        csrf.saveToken(csrf.generateToken(request), request, response);
    }

    void end(HttpServletRequest request, HttpServletResponse response) {
        HttpSession session = request.getSession(false);
        if (session != null) session.invalidate();
        SecurityContextHolder.clearContext();
        csrf.saveToken(null, request, response);
    }
}

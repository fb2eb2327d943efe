/**
 * Who may do what: accounts ({@code users}) with a {@link dev.descent.platform.security.Role}, personal API tokens
 * ({@code api_tokens}, stored hashed), browser sessions with CSRF protection, and the one filter chain that every
 * endpoint passes (reads for any signed-in account, changes for members and admins, account administration for admins).
 * {@link dev.descent.platform.security.Ownership} is the small service features ask whether the caller may change a
 * thing it owns; features import it, never the other way. It may import Spring Security, Spring Web and the {@code web}
 * package; no feature package (a feature that must be asked something declares an interface here).
 */
package dev.descent.platform.security;

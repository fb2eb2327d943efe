package dev.descent.platform.runs.search;

import dev.descent.platform.runs.search.RunFilter.And;
import dev.descent.platform.runs.search.RunFilter.Bool;
import dev.descent.platform.runs.search.RunFilter.Comparison;
import dev.descent.platform.runs.search.RunFilter.Field;
import dev.descent.platform.runs.search.RunFilter.In;
import dev.descent.platform.runs.search.RunFilter.IsNull;
import dev.descent.platform.runs.search.RunFilter.Not;
import dev.descent.platform.runs.search.RunFilter.Num;
import dev.descent.platform.runs.search.RunFilter.Op;
import dev.descent.platform.runs.search.RunFilter.Or;
import dev.descent.platform.runs.search.RunFilter.Text;
import dev.descent.platform.runs.search.RunFilter.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Lexes and parses a filter into a {@link RunFilter}. The grammar, lowest precedence first:
 *
 * <pre>
 * filter     := or EOF
 * or         := and ('or' and)*
 * and        := unary ('and' unary)*
 * unary      := 'not' unary | '(' or ')' | comparison
 * comparison := FIELD op value | FIELD 'in' '(' value (',' value)* ')' | FIELD 'is' ['not'] 'null'
 * op         := '=' | '!=' | '&lt;&gt;' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=' | '~'
 * value      := STRING | NUMBER | 'true' | 'false'
 * </pre>
 *
 * FIELD is a letter or {@code _} followed by letters, digits and {@code _ . / -}; STRING is single-quoted with
 * {@code ''} for a quote. Keywords ignore case. The input is bounded in length, nesting and number of terms, so no
 * filter costs more than a small, fixed amount to parse or to run.
 */
public final class FilterParser {
    static final int MAX_LENGTH = 4_000;
    static final int MAX_DEPTH = 32;
    static final int MAX_TERMS = 100;
    static final String VALUE = "a value (a 'quoted string', a number, true or false)";
    static final String OPERATOR = "an operator (=, !=, <, <=, >, >=, ~, in, is)";
    static final String TERM = "a field name, 'not' or '('";
    static final String JOIN = "'and', 'or' or the end of the filter";

    private enum Kind {
        IDENT,
        STRING,
        NUMBER,
        OP,
        LPAREN,
        RPAREN,
        COMMA,
        EOF
    }

    private record Token(Kind kind, String text, int position) {
        boolean isKeyword(String word) {
            return kind == Kind.IDENT && text.equalsIgnoreCase(word);
        }
    }

    private final String parameter;
    private final List<Token> tokens;
    private int next;
    private int depth;
    private int terms;

    private FilterParser(String parameter, String input) {
        this.parameter = parameter;
        this.tokens = lex(parameter, input);
    }

    /** The syntax tree of {@code input}; a {@link FilterException} naming the position when it is not a filter. */
    public static RunFilter parse(String parameter, String input) {
        if (input.length() > MAX_LENGTH)
            throw new FilterException(
                    parameter,
                    MAX_LENGTH,
                    "the end of the filter",
                    "the filter must be at most " + MAX_LENGTH + " characters, got " + input.length());
        FilterParser p = new FilterParser(parameter, input);
        RunFilter f = p.or();
        Token t = p.peek();
        if (t.kind != Kind.EOF) throw p.error(t, JOIN);
        return f;
    }

    private RunFilter or() {
        RunFilter left = and();
        while (peek().isKeyword("or")) {
            Token op = take();
            left = new Or(left, and(), op.position);
        }
        return left;
    }

    private RunFilter and() {
        RunFilter left = unary();
        while (peek().isKeyword("and")) {
            Token op = take();
            left = new And(left, unary(), op.position);
        }
        return left;
    }

    private RunFilter unary() {
        Token t = peek();
        if (++depth > MAX_DEPTH)
            throw new FilterException(
                    parameter, t.position, TERM, "the filter nests deeper than " + MAX_DEPTH + " levels");
        try {
            if (t.isKeyword("not")) {
                take();
                return new Not(unary(), t.position);
            }
            if (t.kind == Kind.LPAREN) {
                take();
                RunFilter inner = or();
                expect(Kind.RPAREN, "')'");
                return inner;
            }
            return comparison();
        } finally {
            depth--;
        }
    }

    private RunFilter comparison() {
        Token f = peek();
        if (f.kind != Kind.IDENT || isReserved(f.text)) throw error(f, TERM);
        take();
        if (++terms > MAX_TERMS)
            throw new FilterException(
                    parameter, f.position, "the end of the filter", "a filter has at most " + MAX_TERMS + " terms");
        Field field = new Field(f.text, f.position);
        Token op = peek();
        if (op.isKeyword("in")) {
            take();
            expect(Kind.LPAREN, "'('");
            List<Value> values = new ArrayList<>();
            values.add(value());
            while (peek().kind == Kind.COMMA) {
                take();
                if (values.size() >= MAX_TERMS)
                    throw new FilterException(
                            parameter, peek().position, "')'", "a list has at most " + MAX_TERMS + " values");
                values.add(value());
            }
            expect(Kind.RPAREN, "',' or ')'");
            return new In(field, List.copyOf(values), f.position);
        }
        if (op.isKeyword("is")) {
            take();
            boolean negated = peek().isKeyword("not");
            if (negated) take();
            Token n = peek();
            if (!n.isKeyword("null")) throw error(n, negated ? "'null'" : "'null' or 'not null'");
            take();
            return new IsNull(field, negated, f.position);
        }
        if (op.kind != Kind.OP) throw error(op, OPERATOR);
        take();
        Op o = switch (op.text) {
            case "=" -> Op.EQ;
            case "!=", "<>" -> Op.NE;
            case "<" -> Op.LT;
            case "<=" -> Op.LE;
            case ">" -> Op.GT;
            case ">=" -> Op.GE;
            default -> Op.CONTAINS;
        };
        return new Comparison(field, o, value(), f.position);
    }

    private Value value() {
        Token t = peek();
        Value v = switch (t.kind) {
            case STRING -> new Text(t.text, t.position);
            case NUMBER -> {
                double d;
                try {
                    d = Double.parseDouble(t.text);
                } catch (NumberFormatException e) {
                    throw error(t, VALUE);
                }
                if (!Double.isFinite(d)) throw error(t, "a finite number");
                yield new Num(d, t.position);
            }
            case IDENT -> {
                if (t.isKeyword("true")) yield new Bool(true, t.position);
                if (t.isKeyword("false")) yield new Bool(false, t.position);
                throw error(t, VALUE);
            }
            default -> throw error(t, VALUE);
        };
        take();
        return v;
    }

    private static boolean isReserved(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "and", "or", "not", "in", "is", "null", "true", "false" -> true;
            default -> false;
        };
    }

    private void expect(Kind kind, String expected) {
        Token t = peek();
        if (t.kind != kind) throw error(t, expected);
        take();
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        return tokens.get(next++);
    }

    private FilterException error(Token t, String expected) {
        String found = t.kind == Kind.EOF ? "the end of the filter" : "'" + shorten(t.text) + "'";
        return new FilterException(parameter, t.position, expected, "expected " + expected + ", found " + found);
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    private static List<Token> lex(String parameter, String s) {
        List<Token> out = new ArrayList<>();
        int i = 0, n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                i++;
            } else if (c == '(') {
                out.add(new Token(Kind.LPAREN, "(", i++));
            } else if (c == ')') {
                out.add(new Token(Kind.RPAREN, ")", i++));
            } else if (c == ',') {
                out.add(new Token(Kind.COMMA, ",", i++));
            } else if (c == '\'') {
                int start = i++;
                StringBuilder text = new StringBuilder();
                while (true) {
                    if (i >= n)
                        throw new FilterException(
                                parameter, start, "a closing quote (')", "the string that starts here is not closed");
                    char d = s.charAt(i);
                    if (d == '\'') {
                        if (i + 1 < n && s.charAt(i + 1) == '\'') {
                            text.append('\'');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    if (d == '\0')
                        throw new FilterException(parameter, i, "a character other than NUL", "NUL in a string");
                    text.append(d);
                    i++;
                }
                out.add(new Token(Kind.STRING, text.toString(), start));
            } else if (isDigit(c) || ((c == '-' || c == '.') && i + 1 < n && isDigit(s.charAt(i + 1)))) {
                int start = i++;
                while (i < n
                        && (isDigit(s.charAt(i))
                                || s.charAt(i) == '.'
                                || s.charAt(i) == 'e'
                                || s.charAt(i) == 'E'
                                || ((s.charAt(i) == '-' || s.charAt(i) == '+')
                                        && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E')))) i++;
                out.add(new Token(Kind.NUMBER, s.substring(start, i), start));
            } else if (isIdentStart(c)) {
                int start = i++;
                while (i < n && isIdentPart(s.charAt(i))) i++;
                out.add(new Token(Kind.IDENT, s.substring(start, i), start));
            } else if (c == '=' || c == '~') {
                out.add(new Token(Kind.OP, String.valueOf(c), i++));
            } else if (c == '!' && i + 1 < n && s.charAt(i + 1) == '=') {
                out.add(new Token(Kind.OP, "!=", i));
                i += 2;
            } else if (c == '<' || c == '>') {
                int start = i++;
                if (i < n && (s.charAt(i) == '=' || (c == '<' && s.charAt(i) == '>'))) i++;
                out.add(new Token(Kind.OP, s.substring(start, i), start));
            } else {
                throw new FilterException(
                        parameter,
                        i,
                        "a field name, a value, an operator, '(', ')' or ','",
                        "unexpected character '" + (Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : c)
                                + "'");
            }
        }
        out.add(new Token(Kind.EOF, "", n));
        return out;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isIdentPart(char c) {
        return isIdentStart(c) || isDigit(c) || c == '.' || c == '/' || c == '-';
    }
}

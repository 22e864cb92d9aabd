package io.omninode.bridge.schemas;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import dk.brics.automaton.RegExp;
import dk.brics.automaton.RunAutomaton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * JDK regular expressions with ECMA-262's meaning of a final {@code $}: the end of the input.
 * Java's {@code $} also matches before a final line terminator, which would let
 * {@code "omniagent\n"} pass {@code ^[A-Za-z0-9._-]{1,100}$}; a trailing unescaped {@code $} is
 * therefore compiled as {@code \z}.
 *
 * <p>A pattern anchored at both ends that is built only of ASCII literals, non-negated classes of
 * them, {@code \d}, groups, alternatives inside groups and greedy quantifiers ({@link Dfa#translate})
 * is answered by a deterministic automaton (dk.brics.automaton): one table lookup per character.
 * For such a pattern that is the answer of the JDK's matcher, which the schemas' patterns are
 * checked against: both read the input as UTF-16 units, and no part of the pattern can match a
 * character outside ASCII. The timestamps' pattern (three per tool execution) took about 500 ns a
 * check in the JDK's backtracking matcher and 70 in the automaton, and was 3 % of the bridge's CPU
 * under batch ingest. Any other pattern goes to {@link Pattern}.
 */
final class EndAnchoredRegexFactory implements RegularExpressionFactory {

    static final EndAnchoredRegexFactory INSTANCE = new EndAnchoredRegexFactory();

    /**
     * One matcher per distinct pattern: the schemas repeat a few (the name pattern ten times), and an
     * automaton holds a 256 KiB table from characters to its classes.
     */
    private final Map<String, RegularExpression> compiled = new ConcurrentHashMap<>();

    private EndAnchoredRegexFactory() {
    }

    @Override
    public RegularExpression getRegularExpression(String regex) {
        return compiled.computeIfAbsent(regex, EndAnchoredRegexFactory::compile); // a bad pattern throws, unkept
    }

    private static RegularExpression compile(String regex) {
        String whole = Dfa.translate(regex);
        if (whole != null) {
            RunAutomaton automaton = new RunAutomaton(new RegExp(whole, RegExp.NONE).toAutomaton());
            return automaton::run;
        }
        Pattern pattern = Pattern.compile(endOfInputAnchored(regex));
        return value -> pattern.matcher(value).find();
    }

    static String endOfInputAnchored(String regex) {
        if (!regex.endsWith("$")) {
            return regex;
        }
        return endsEscaped(regex) ? regex : regex.substring(0, regex.length() - 1) + "\\z";
    }

    /** Whether the last character of {@code regex} is escaped (an odd run of backslashes before it). */
    private static boolean endsEscaped(String regex) {
        int backslashes = 0;
        for (int i = regex.length() - 2; i >= 0 && regex.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    /** The subset of ECMA-262 patterns that is matched as a whole-input automaton. */
    static final class Dfa {

        /** Longest repeat count translated; a larger one makes a large automaton, and goes to the JDK. */
        static final int MAX_REPEAT = 1_000;

        private Dfa() {
        }

        /**
         * The dk.brics.automaton expression for the whole input that {@code regex} matches, or null
         * when {@code regex} is outside the subset: it must be {@code ^body$}, where body has no
         * anchors, no {@code .}, no alternative outside a group, no empty alternative, no look-around
         * or back-reference, no lazy or possessive quantifier, and no character outside printable
         * ASCII; classes are not negated and hold no nested class or {@code &} (which the JDK reads as
         * its own class syntax, not as ECMA-262 does). Every literal is written escaped.
         */
        static String translate(String regex) {
            if (regex.length() < 2 || regex.charAt(0) != '^' || !regex.endsWith("$") || endsEscaped(regex)) {
                return null;
            }
            String body = regex.substring(1, regex.length() - 1);
            StringBuilder out = new StringBuilder(body.length() * 2);
            int depth = 0;
            boolean quantifiable = false; // the last thing written is an atom a quantifier may follow
            boolean emptyAlternative = true;
            int i = 0;
            while (i < body.length()) {
                char c = body.charAt(i);
                switch (c) {
                    case '\\' -> {
                        String escaped = i + 1 < body.length() ? escape(body.charAt(i + 1)) : null;
                        if (escaped == null) {
                            return null;
                        }
                        out.append(escaped);
                        i += 2;
                        quantifiable = true;
                        emptyAlternative = false;
                    }
                    case '[' -> {
                        i = charClass(body, i, out);
                        if (i < 0) {
                            return null;
                        }
                        quantifiable = true;
                        emptyAlternative = false;
                    }
                    case '(' -> {
                        if (body.startsWith("(?:", i)) {
                            i += 3;
                        } else if (i + 1 < body.length() && body.charAt(i + 1) == '?') {
                            return null; // look-around or named group
                        } else {
                            i++;
                        }
                        out.append('(');
                        depth++;
                        quantifiable = false;
                        emptyAlternative = true;
                    }
                    case ')' -> {
                        if (depth == 0 || emptyAlternative) {
                            return null;
                        }
                        out.append(')');
                        depth--;
                        i++;
                        quantifiable = true;
                        emptyAlternative = false; // the enclosing alternative now holds this group
                    }
                    case '|' -> {
                        if (depth == 0 || emptyAlternative) {
                            return null;
                        }
                        out.append('|');
                        i++;
                        quantifiable = false;
                        emptyAlternative = true;
                    }
                    case '?', '*', '+' -> {
                        if (!quantifiable) {
                            return null; // nothing to repeat, or a lazy or possessive quantifier
                        }
                        out.append(c);
                        i++;
                        quantifiable = false;
                    }
                    case '{' -> {
                        i = repeat(body, i, out);
                        if (!quantifiable || i < 0) {
                            return null;
                        }
                        quantifiable = false;
                    }
                    default -> {
                        if (!literal(c) || "^$.]}".indexOf(c) >= 0) {
                            return null;
                        }
                        out.append('\\').append(c);
                        i++;
                        quantifiable = true;
                        emptyAlternative = false;
                    }
                }
            }
            return depth == 0 && !emptyAlternative ? out.toString() : null;
        }

        /** A printable ASCII character. */
        private static boolean literal(char c) {
            return c >= ' ' && c < 127;
        }

        /** What {@code \e} is outside a class, or null: {@code \d} and escaped punctuation only. */
        private static String escape(char e) {
            String inClass = escapeInClass(e);
            return e == 'd' ? "[" + inClass + "]" : inClass;
        }

        /** What {@code \e} is inside a class, or null: {@code \d} as a range and escaped punctuation only. */
        private static String escapeInClass(char e) {
            if (e == 'd') {
                return "\\0-\\9";
            }
            return literal(e) && !Character.isLetterOrDigit(e) ? "\\" + e : null;
        }

        /** Writes the class starting at {@code start}; the index after it, or -1 outside the subset. */
        private static int charClass(String body, int start, StringBuilder out) {
            int i = start + 1;
            if (i < body.length() && (body.charAt(i) == '^' || body.charAt(i) == ']')) {
                return -1; // negated or empty
            }
            out.append('[');
            while (i < body.length() && body.charAt(i) != ']') {
                char from = body.charAt(i);
                if (from == '\\') {
                    if (i + 1 >= body.length()) {
                        return -1;
                    }
                    String escaped = escapeInClass(body.charAt(i + 1));
                    if (escaped == null) {
                        return -1;
                    }
                    out.append(escaped);
                    i += 2;
                    if (i + 1 < body.length() && body.charAt(i) == '-' && body.charAt(i + 1) != ']') {
                        return -1; // a range from an escape
                    }
                    continue;
                }
                if (!literal(from) || from == '[' || from == '&') {
                    return -1;
                }
                boolean range = i + 2 < body.length() && body.charAt(i + 1) == '-' && body.charAt(i + 2) != ']';
                if (!range) {
                    out.append('\\').append(from);
                    i++;
                    continue;
                }
                char to = body.charAt(i + 2);
                if (!literal(to) || to == '\\' || to == '[' || to == '&' || to < from) {
                    return -1;
                }
                out.append('\\').append(from).append('-').append('\\').append(to);
                i += 3;
            }
            if (i >= body.length()) {
                return -1; // unclosed
            }
            out.append(']');
            return i + 1;
        }

        /** Writes {@code {m}}, {@code {m,}} or {@code {m,n}} at {@code start}; the index after it, or -1. */
        private static int repeat(String body, int start, StringBuilder out) {
            int close = body.indexOf('}', start);
            if (close < 0) {
                return -1;
            }
            String inside = body.substring(start + 1, close);
            if (!inside.matches("\\d{1,4}(,\\d{0,4})?")) {
                return -1;
            }
            String[] bounds = inside.split(",", -1);
            int min = Integer.parseInt(bounds[0]);
            int max = bounds.length == 1 ? min : bounds[1].isEmpty() ? -1 : Integer.parseInt(bounds[1]);
            if (min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && max < min)) {
                return -1;
            }
            out.append('{').append(min);
            if (bounds.length == 2) {
                out.append(',');
                if (max >= 0) {
                    out.append(max);
                }
            }
            out.append('}');
            return close + 1;
        }
    }
}

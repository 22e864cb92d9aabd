package io.omninode.bridge.schemas;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JDK regular expressions with ECMA-262's meaning of a final {@code $}: the end of the input.
 * Java's {@code $} also matches before a final line terminator, which would let
 * {@code "omniagent\n"} pass {@code ^[A-Za-z0-9._-]{1,100}$}; a trailing unescaped {@code $} is
 * therefore compiled as {@code \z}.
 *
 * <p>A pattern that is one class of ASCII characters repeated over the whole input, such as that
 * name pattern ({@code ^[set]{m,n}$}, {@code ^[set]+$}, {@code ^[set]*$}), is answered by a table
 * lookup per character and a length check, which is what the JDK's matcher computes for it: every
 * member of the set is one UTF-16 unit, so the input's length is its count of code points whenever
 * it matches. Each tool execution has three names; with the table, pattern checks fell from 1.5 %
 * to 0.4 % of the bridge's CPU under single-hook ingest (the timestamps' pattern is most of the
 * rest). Any other pattern goes to {@link Pattern}.
 */
final class EndAnchoredRegexFactory implements RegularExpressionFactory {

    static final EndAnchoredRegexFactory INSTANCE = new EndAnchoredRegexFactory();

    /** {@code ^[class]} and a quantifier, {@code $}; the class without escapes, nesting or negation. */
    private static final Pattern CLASS_RUN = Pattern.compile("\\^\\[([^\\[\\]\\\\^&]+)](?:\\{(\\d{1,9})(,(\\d{1,9})?)?}|([+*]))\\$");

    private EndAnchoredRegexFactory() {
    }

    @Override
    public RegularExpression getRegularExpression(String regex) {
        ClassRun run = ClassRun.parse(regex);
        if (run != null) {
            return run::matches;
        }
        Pattern pattern = Pattern.compile(endOfInputAnchored(regex));
        return value -> pattern.matcher(value).find();
    }

    static String endOfInputAnchored(String regex) {
        if (!regex.endsWith("$")) {
            return regex;
        }
        int backslashes = 0;
        for (int i = regex.length() - 2; i >= 0 && regex.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        boolean escaped = backslashes % 2 == 1;
        return escaped ? regex : regex.substring(0, regex.length() - 1) + "\\z";
    }

    /** A whole input of {@code min} to {@code max} characters of one ASCII set. */
    record ClassRun(boolean[] members, int min, int max) {

        /** The run {@code regex} is, or null when it is anything else (then {@link Pattern} decides). */
        static ClassRun parse(String regex) {
            Matcher m = CLASS_RUN.matcher(regex);
            if (!m.matches()) {
                return null;
            }
            boolean[] members = members(m.group(1));
            if (members == null) {
                return null;
            }
            int min;
            int max;
            if (m.group(5) != null) {
                min = m.group(5).equals("+") ? 1 : 0;
                max = Integer.MAX_VALUE;
            } else {
                min = Integer.parseInt(m.group(2));
                max = m.group(3) == null ? min : m.group(4) == null ? Integer.MAX_VALUE : Integer.parseInt(m.group(4));
                if (max < min) {
                    return null; // the JDK refuses it; let it say so
                }
            }
            return new ClassRun(members, min, max);
        }

        /** The members of a class body of printable ASCII literals and ranges ({@code a-z}), or null. */
        private static boolean[] members(String body) {
            boolean[] members = new boolean[128];
            int i = 0;
            while (i < body.length()) {
                char from = body.charAt(i);
                if (from <= ' ' || from >= 127) {
                    return null; // whitespace, controls and non-ASCII: left to the JDK (flags, comments, cases)
                }
                boolean range = i + 2 < body.length() && body.charAt(i + 1) == '-';
                char to = range ? body.charAt(i + 2) : from;
                if (range && (to <= ' ' || to >= 127 || to < from)) {
                    return null;
                }
                for (char c = from; c <= to; c++) {
                    members[c] = true;
                }
                i += range ? 3 : 1;
            }
            return members;
        }

        boolean matches(String value) {
            int length = value.length();
            if (length < min || length > max) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                char c = value.charAt(i);
                if (c >= 128 || !members[c]) {
                    return false;
                }
            }
            return true;
        }
    }
}

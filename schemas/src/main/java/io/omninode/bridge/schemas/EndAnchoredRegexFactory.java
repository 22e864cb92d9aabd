package io.omninode.bridge.schemas;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import java.util.regex.Pattern;

/**
 * JDK regular expressions with ECMA-262's meaning of a final {@code $}: the end of the input.
 * Java's {@code $} also matches before a final line terminator, which would let
 * {@code "omniagent\n"} pass {@code ^[A-Za-z0-9._-]{1,100}$}; a trailing unescaped {@code $} is
 * therefore compiled as {@code \z}.
 */
final class EndAnchoredRegexFactory implements RegularExpressionFactory {

    static final EndAnchoredRegexFactory INSTANCE = new EndAnchoredRegexFactory();

    private EndAnchoredRegexFactory() {
    }

    @Override
    public RegularExpression getRegularExpression(String regex) {
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
}

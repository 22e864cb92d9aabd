package io.omninode.bridge.schemas;

import com.networknt.schema.JsonNodePath;
import java.util.Comparator;
import java.util.regex.Pattern;

/** JSON paths of violations ({@code $.service_info.port}, {@code $[3].endpoint}) and their order. */
final class JsonPaths {

    static final String ROOT = "$";

    /** By path, array indices and other digit runs compared as numbers; then by message. */
    static final Comparator<Violation> VIOLATION_ORDER =
            Comparator.comparing(Violation::path, JsonPaths::compareNaturally).thenComparing(Violation::message);

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private JsonPaths() {
    }

    /** The path of a validator location. */
    static String of(JsonNodePath location) {
        StringBuilder path = new StringBuilder(ROOT);
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            if (element instanceof Integer index) {
                path.append('[').append(index).append(']');
            } else {
                appendName(path, String.valueOf(element));
            }
        }
        return path.toString();
    }

    /** The path of property {@code name} of the object at {@code location}. */
    static String of(JsonNodePath location, String name) {
        StringBuilder path = new StringBuilder(of(location));
        appendName(path, name);
        return path.toString();
    }

    private static void appendName(StringBuilder path, String name) {
        if (PLAIN_NAME.matcher(name).matches()) {
            path.append('.').append(name);
        } else {
            path.append("['").append(name.replace("\\", "\\\\").replace("'", "\\'")).append("']");
        }
    }

    static int compareNaturally(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (isDigit(ca) && isDigit(cb)) {
                int endA = digitsEnd(a, i);
                int endB = digitsEnd(b, j);
                int byNumber = compareDigits(a.substring(i, endA), b.substring(j, endB));
                if (byNumber != 0) {
                    return byNumber;
                }
                i = endA;
                j = endB;
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static int compareDigits(String a, String b) {
        String x = stripLeadingZeros(a);
        String y = stripLeadingZeros(b);
        return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
    }

    private static String stripLeadingZeros(String digits) {
        int k = 0;
        while (k < digits.length() - 1 && digits.charAt(k) == '0') {
            k++;
        }
        return digits.substring(k);
    }

    private static int digitsEnd(String s, int from) {
        int end = from;
        while (end < s.length() && isDigit(s.charAt(end))) {
            end++;
        }
        return end;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}

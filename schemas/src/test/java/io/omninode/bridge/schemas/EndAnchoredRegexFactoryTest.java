package io.omninode.bridge.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.networknt.schema.regex.RegularExpression;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;

class EndAnchoredRegexFactoryTest {

    private static final String NAME = "^[A-Za-z0-9._-]{1,100}$";

    /** ECMA-262's answer for the patterns below: the JDK's matcher with the final {@code $} as the end of input. */
    private static boolean ecma(String regex, String value) {
        return Pattern.compile(EndAnchoredRegexFactory.endOfInputAnchored(regex)).matcher(value).find();
    }

    @Test
    void aFinalDollarIsTheEndOfTheInputNotBeforeALineTerminator() {
        RegularExpression name = EndAnchoredRegexFactory.INSTANCE.getRegularExpression(NAME);
        assertThat(name.matches("omniagent")).isTrue();
        assertThat(name.matches("omniagent\n")).isFalse();
        RegularExpression version = EndAnchoredRegexFactory.INSTANCE.getRegularExpression("^[0-9]+\\.[0-9]+$");
        assertThat(version.matches("1.0")).isTrue();
        assertThat(version.matches("1.0\n")).isFalse();
        assertThat(EndAnchoredRegexFactory.endOfInputAnchored("^a\\$")).isEqualTo("^a\\$");
        assertThat(EndAnchoredRegexFactory.endOfInputAnchored("^a\\\\$")).isEqualTo("^a\\\\\\z");
    }

    private static final String TIMESTAMP = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):"
            + "[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?$";

    @Test
    void wholeInputPatternsOfAsciiAreAutomataAndEverythingElseTheJdk() {
        for (String dfa : List.of(NAME, TIMESTAMP, "^[a-z]+$", "^[-a]*$", "^[0-9]{4}$", "^[0-9]+\\.[0-9]+$",
                "^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$", "^(?:ab|c)+\\d{2,}$", "^a b\\/c$")) {
            assertThat(EndAnchoredRegexFactory.Dfa.translate(dfa)).as(dfa).isNotNull();
        }
        for (String jdk : List.of("^[^a-z]+$", "^[a-z&&[^x]]+$", "^[\\w]+$", "[a-z]+$", "^[a-z]+", "^[a-z]{1,3}?$",
                "^[a-z]++$", "^[é]+$", "^[a-z]{3,1}$", "^a|b$", "^(a|)$", "^(|a)$", "^()$", "^a.b$", "^(?=a)a$",
                "^(a)\\1$", "^a\\s$", "^a\\$", "^$", "^[]a]$", "^a{2}{3}$", "^a{1001}$", "^a}$", "^(a$",
                "^a)$", "^\\d+(?<x>a)$", "^[\\.-9]$", "^[\\d-z]$", "^[a-z]{1,3$", "^[z-a]+$")) {
            assertThat(EndAnchoredRegexFactory.Dfa.translate(jdk)).as(jdk).isNull();
        }
        assertThatThrownBy(() -> EndAnchoredRegexFactory.INSTANCE.getRegularExpression("^[a-z]{3,1}$"))
                .isInstanceOf(PatternSyntaxException.class);
        assertThat(EndAnchoredRegexFactory.INSTANCE.getRegularExpression(TIMESTAMP))
                .as("one matcher per pattern").isSameAs(EndAnchoredRegexFactory.INSTANCE.getRegularExpression(TIMESTAMP));
    }

    @Test
    void theAutomataAnswerAsTheJdkDoes() {
        List<String> patterns = List.of(NAME, TIMESTAMP, "^[a-z]+$", "^[a-z]*$", "^[-a]*$", "^[a-]{2}$",
                "^[!--]{0,3}$", "^[a-b-d]{1,}$", "^[A-Fa-f0-9.*+?(){}|$]{2,8}$", "^[0-9]{4}$", "^[0-9]+\\.[0-9]+$",
                "^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$", "^(?:ab|c)+\\d{2,}$", "^(a|b(c|d)?)*z?$", "^[\\d.]{2}$", "^[\\.-]{1,2}$",
                "^\\(\\)\\{\\}\\*?$");
        List<String> values = values();
        for (String regex : patterns) {
            assertThat(EndAnchoredRegexFactory.Dfa.translate(regex)).as(regex).isNotNull();
            RegularExpression fast = EndAnchoredRegexFactory.INSTANCE.getRegularExpression(regex);
            int matched = 0;
            for (String value : values) {
                boolean expected = ecma(regex, value);
                assertThat(fast.matches(value)).as("%s on \"%s\"", regex, value).isEqualTo(expected);
                matched += expected ? 1 : 0;
            }
            assertThat(matched).as("%s matched some", regex).isPositive();
            assertThat(values.size() - matched).as("%s refused some", regex).isPositive();
        }
    }

    private static List<String> values() {
        List<String> values = new ArrayList<>(List.of("", "a", "-", "c", "ab", "a-", "a\n", "\na", "omniagent",
                "omni agent", "omniagent\r\n", "omni_agent-2.1", "é", "a\u00e9", "\ud83d\ude00", "a\ud83d\ude00",
                "2026", "20260", "202", "ff*", "$$", "{}", "a".repeat(100), "a".repeat(101), "A".repeat(100) + "\n"));
        for (String stamp : List.of("2026-11-26T10:15:30.123456", "2026-12-31T23:59:60Z", "2026-02-29T00:00:00+01:00",
                "2026-11-26T10:15:31.1234567891", "2026-13-01T00:00:00", "2026-11-26 10:15:30", "2026-11-26T24:00:00",
                "2026-11-26T10:15:30.", "2026-11-26T10:15:30-05:30\n", "omni.agent_1.x", "a.b", "1.0", "ab12", "cab99",
                "()", "(){}*", "abcz", "bdz", "acz", "12")) {
            values.add(stamp);
            for (int i = 0; i < stamp.length(); i++) { // each character dropped, and replaced by a neighbour
                values.add(stamp.substring(0, i) + stamp.substring(i + 1));
                values.add(stamp.substring(0, i) + (char) (stamp.charAt(i) + 1) + stamp.substring(i + 1));
            }
        }
        String alphabet = "abcdzAFZ09.-_ !*+?(){}|$\n\t\u00e9\ud83d\ude00";
        Random random = new Random(17);
        for (int i = 0; i < 3_000; i++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(12);
            for (int j = 0; j < length; j++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            values.add(s.toString());
        }
        return values;
    }
}

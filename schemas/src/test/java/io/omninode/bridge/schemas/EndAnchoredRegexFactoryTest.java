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

    @Test
    void oneClassOverTheWholeInputIsATableAndEverythingElseTheJdk() {
        assertThat(EndAnchoredRegexFactory.ClassRun.parse(NAME)).isNotNull();
        assertThat(EndAnchoredRegexFactory.ClassRun.parse("^[a-z]+$")).isNotNull();
        assertThat(EndAnchoredRegexFactory.ClassRun.parse("^[-a]*$")).isNotNull();
        assertThat(EndAnchoredRegexFactory.ClassRun.parse("^[0-9]{4}$")).isNotNull();
        for (String other : List.of("^[0-9]+\\.[0-9]+$", "^[^a-z]+$", "^[a-z&&[^x]]+$", "^[\\w]+$", "[a-z]+$",
                "^[a-z]+", "^[a-z]{1,3}?$", "^[a-z]++$", "^[a z]+$", "^[z-a]+$", "^[é]+$", "^[a-z]{3,1}$")) {
            assertThat(EndAnchoredRegexFactory.ClassRun.parse(other)).as(other).isNull();
        }
        assertThatThrownBy(() -> EndAnchoredRegexFactory.INSTANCE.getRegularExpression("^[a-z]{3,1}$"))
                .isInstanceOf(PatternSyntaxException.class);
    }

    @Test
    void theTableAnswersAsTheJdkDoes() {
        List<String> patterns = List.of(NAME, "^[a-z]+$", "^[a-z]*$", "^[-a]*$", "^[a-]{2}$", "^[!--]{0,3}$",
                "^[a-b-d]{1,}$", "^[A-Fa-f0-9.*+?(){}|$]{2,8}$", "^[0-9]{4}$");
        List<String> values = values();
        for (String regex : patterns) {
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

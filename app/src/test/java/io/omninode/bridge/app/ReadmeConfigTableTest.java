package io.omninode.bridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.omninode.bridge.schemas.ConfigKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration table lists every key of the live configuration catalog. */
class ReadmeConfigTableTest {

    @Test
    void shouldDocumentEveryConfigKey() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));

        for (ConfigKeys.Key key : ConfigKeys.ALL) {
            if (key.name().endsWith(".enabled")) {
                String type = key.name().substring("detector.".length(), key.name().length() - ".enabled".length());
                assertThat(readme).contains("`detector.<type>.enabled`").contains("`" + type + "`");
            } else {
                assertThat(readme).as(key.name()).contains("| `" + key.name() + "` | " + key.defaultValue() + " | "
                        + key.expected().replaceFirst("^an? ", "") + " | ");
            }
        }
    }
}

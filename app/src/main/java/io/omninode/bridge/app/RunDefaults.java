package io.omninode.bridge.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where {@code bridge run}'s options come from besides the command line (issue 16): a flag wins,
 * then a {@code BRIDGE_*} environment variable ({@code --data-dir} → {@code BRIDGE_DATA_DIR}), then
 * the YAML file of {@code --config} (keys are the option names without their dashes:
 * {@code data-dir: /var/lib/bridge}; lists may be YAML lists), then the built-in default. A key that
 * names no option, or a value that is not a scalar or a list of scalars, stops the start with a
 * one-line error.
 */
final class RunDefaults implements CommandLine.IDefaultValueProvider {

    static final String CONFIG_OPTION = "--config";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, String> file;
    private final Function<String, String> environment;

    private RunDefaults(Map<String, String> file, Function<String, String> environment) {
        this.file = file;
        this.environment = environment;
    }

    /** Defaults from the process environment and the {@code --config} file named in {@code args}, if any. */
    static RunDefaults of(String[] args, Set<String> optionNames) {
        return of(args, optionNames, System::getenv);
    }

    static RunDefaults of(String[] args, Set<String> optionNames, Function<String, String> environment) {
        Path config = configFile(args);
        return new RunDefaults(config == null ? Map.of() : read(config, optionNames), environment);
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || option.longestName().equals(CONFIG_OPTION)) {
            return null;
        }
        String key = key(option.longestName());
        String fromEnvironment = environment.apply(environmentName(key));
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        return file.get(key); // null: the option's own default
    }

    /** {@code BRIDGE_DATA_DIR} for {@code data-dir}. */
    static String environmentName(String key) {
        return "BRIDGE_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static String key(String longestName) {
        return longestName.replaceFirst("^-+", "");
    }

    /** The value of {@code --config FILE} or {@code --config=FILE} in {@code args}, or null. */
    private static Path configFile(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(CONFIG_OPTION) && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith(CONFIG_OPTION + "=")) {
                return Path.of(args[i].substring(CONFIG_OPTION.length() + 1));
            }
        }
        return null;
    }

    private static Map<String, String> read(Path config, Set<String> optionNames) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(config));
        } catch (IOException e) {
            throw new BridgeException("cannot read the config file " + config + ": " + oneLine(e), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return Map.of();
        }
        if (!root.isObject()) {
            throw new BridgeException("the config file " + config + " must be a YAML mapping of option names");
        }
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> unknown = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey();
            if (!optionNames.contains(key) || key.equals(key(CONFIG_OPTION))) {
                unknown.add(key);
                continue;
            }
            values.put(key, scalar(config, key, entry.getValue()));
        }
        if (!unknown.isEmpty()) {
            throw new BridgeException("the config file " + config + " has keys that name no option of bridge run: "
                    + String.join(", ", unknown) + " (keys are option names without dashes, e.g. data-dir)");
        }
        return values;
    }

    private static String scalar(Path config, String key, JsonNode value) {
        if (value.isValueNode() && !value.isNull()) {
            return value.asText();
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : value) {
                if (!item.isValueNode() || item.isNull()) {
                    throw new BridgeException("the config file " + config + ": " + key + " must list plain values");
                }
                items.add(item.asText());
            }
            return String.join(",", items);
        }
        throw new BridgeException("the config file " + config + ": " + key + " must be a value or a list of values");
    }

    private static String oneLine(IOException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}

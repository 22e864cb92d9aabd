package io.omninode.bridge.schemas;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How every Kafka client of the bridge reaches the cluster (issue 16): the bootstrap servers and
 * the properties of a standard Kafka client file ({@code --kafka-config}: {@code security.protocol},
 * {@code sasl.mechanism}, {@code sasl.jaas.config}, {@code ssl.truststore.*}, …). Each client starts
 * from {@link #clientProperties()} and adds its own settings on top.
 *
 * @param bootstrapServers {@code host:port[,…]}
 * @param properties       the file's properties, with {@code ${env:NAME}} already replaced
 */
public record KafkaConnection(String bootstrapServers, Map<String, String> properties) {

    private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    public KafkaConnection {
        properties = Map.copyOf(properties);
    }

    /** Plain connection: the bootstrap servers and nothing else (the embedded broker, tests). */
    public static KafkaConnection plain(String bootstrapServers) {
        return new KafkaConnection(bootstrapServers, Map.of());
    }

    /**
     * Reads a Kafka client properties file; {@code ${env:NAME}} in a value is replaced by that
     * environment variable, so the file can be committed without its secrets.
     *
     * @throws IllegalArgumentException when the file cannot be read, names a variable that is not set,
     *                                  or sets {@code bootstrap.servers} (that is {@code --bootstrap-servers})
     */
    public static KafkaConnection load(String bootstrapServers, Path file, Function<String, String> environment) {
        Properties raw = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            raw.load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the Kafka client config " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> properties = new TreeMap<>();
        for (String key : raw.stringPropertyNames()) {
            if (key.equals("bootstrap.servers")) {
                throw new IllegalArgumentException("the Kafka client config " + file
                        + " sets bootstrap.servers; give it as --bootstrap-servers");
            }
            properties.put(key, substitute(file, key, raw.getProperty(key), environment));
        }
        return new KafkaConnection(bootstrapServers, properties);
    }

    /** {@code bootstrap.servers} and the file's properties: the base of every client's configuration. */
    public Properties clientProperties() {
        Properties props = new Properties();
        props.putAll(properties);
        props.put("bootstrap.servers", bootstrapServers);
        return props;
    }

    /** {@code security.protocol}, PLAINTEXT when the file does not set it. */
    public String securityProtocol() {
        return properties.getOrDefault("security.protocol", "PLAINTEXT");
    }

    private static String substitute(Path file, String key, String value, Function<String, String> environment) {
        Matcher m = ENV.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String resolved = environment.apply(m.group(1));
            if (resolved == null) {
                throw new IllegalArgumentException("the Kafka client config " + file + ": " + key
                        + " reads the environment variable " + m.group(1) + ", which is not set");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(resolved));
        }
        m.appendTail(out);
        return out.toString();
    }
}

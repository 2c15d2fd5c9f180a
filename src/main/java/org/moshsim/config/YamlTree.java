package org.moshsim.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses YAML text into a {@link Node} tree that remembers lines. Jackson's data binding loses them, so we
 * read its token stream instead and bind by hand in {@link Section}.
 */
final class YamlTree {
    private static final YAMLFactory FACTORY = new YAMLFactory();
    private static final java.util.regex.Pattern SPECIAL = java.util.regex.Pattern.compile("\\.(nan|NaN|NAN|inf|Inf|INF)");

    private YamlTree() {
    }

    static Node parse(String file, String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new ConfigError(file, 1, "the file is empty; expected a mapping of keys such as name, peers, protocols");
            }
            Node root = read(file, parser);
            if (parser.nextToken() != null) {
                throw new ConfigError(file, line(parser), "more than one YAML document; expected exactly one");
            }
            return root;
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
            throw new ConfigError(file, Math.max(line, 1), "not valid YAML: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigError(file, 1, "cannot be read: " + e.getMessage());
        }
    }

    private static Node read(String file, JsonParser parser) throws IOException {
        int line = line(parser);
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT: {
                Map<String, Node> entries = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    int keyLine = line(parser);
                    parser.nextToken();
                    Node value = read(file, parser);
                    if (entries.putIfAbsent(key, value) != null) {
                        throw new ConfigError(file, keyLine, key + ": given twice; each key may appear once");
                    }
                }
                return new Node.Mapping(entries, line);
            }
            case START_ARRAY: {
                List<Node> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(file, parser));
                }
                return new Node.Sequence(items, line);
            }
            case VALUE_NUMBER_INT:
                // YAML 1.1 integers: 0x40, 017 (octal), 0b101, 1_000, +5, and beyond 2^63.
                return new Node.Scalar(parser.getBigIntegerValue().toString(), Node.Kind.INTEGER, line, parser.getText());
            case VALUE_NUMBER_FLOAT:
                return new Node.Scalar(Double.toString(floating(parser.getText(), parser)), Node.Kind.FLOAT, line, parser.getText());
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new Node.Scalar(parser.getText(), Node.Kind.BOOLEAN, line);
            case VALUE_NULL:
                return new Node.Scalar("", Node.Kind.NULL, line);
            default:
                return new Node.Scalar(parser.getText(), Node.Kind.STRING, line);
        }
    }

    /** A YAML float: .nan, .inf and -.inf (any case YAML allows), underscores, and values beyond double's range as infinite. */
    private static double floating(String text, JsonParser parser) throws IOException {
        String word = text.startsWith("+") || text.startsWith("-") ? text.substring(1) : text;
        if (SPECIAL.matcher(word).matches()) {
            double value = word.equalsIgnoreCase(".nan") ? Double.NaN : Double.POSITIVE_INFINITY;
            return text.startsWith("-") ? -value : value;
        }
        return parser.getDoubleValue();
    }

    private static int line(JsonParser parser) {
        return Math.max(1, parser.currentTokenLocation().getLineNr());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }
}

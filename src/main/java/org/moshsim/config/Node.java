package org.moshsim.config;

import java.util.List;
import java.util.Map;

/** A YAML value as written, with the line it starts on, so that every error can point at it. */
sealed interface Node {
    int line();

    /** What the YAML parser saw a scalar as; plain text like {@code 1e-9} stays a string. */
    enum Kind { STRING, INTEGER, FLOAT, BOOLEAN, NULL }

    /**
     * A scalar: {@code text} is its value in canonical form (integers in decimal, whatever base or underscores they
     * were written with; floats as Java writes them, {@code NaN} and {@code Infinity} included), {@code written}
     * as it stands in the file, for messages.
     */
    record Scalar(String text, Kind kind, int line, String written) implements Node {
        Scalar(String text, Kind kind, int line) {
            this(text, kind, line, text);
        }
    }

    record Sequence(List<Node> items, int line) implements Node {
    }

    /** Entries in the order written. */
    record Mapping(Map<String, Node> entries, int line) implements Node {
    }

    /** How a node is named in messages: its text, or its shape. */
    static String describe(Node node) {
        if (node instanceof Scalar s) {
            return s.kind() == Kind.NULL ? "nothing" : "'" + s.written() + "'";
        }
        return node instanceof Sequence ? "a list" : "a mapping";
    }
}

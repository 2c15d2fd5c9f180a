package org.moshsim.config;

import java.util.List;
import java.util.Map;

/** A YAML value as written, with the line it starts on, so that every error can point at it. */
sealed interface Node {
    int line();

    /** What the YAML parser saw a scalar as; plain text like {@code 1e-9} stays a string. */
    enum Kind { STRING, INTEGER, FLOAT, BOOLEAN, NULL }

    record Scalar(String text, Kind kind, int line) implements Node {
    }

    record Sequence(List<Node> items, int line) implements Node {
    }

    /** Entries in the order written. */
    record Mapping(Map<String, Node> entries, int line) implements Node {
    }

    /** How a node is named in messages: its text, or its shape. */
    static String describe(Node node) {
        if (node instanceof Scalar s) {
            return s.kind() == Kind.NULL ? "nothing" : "'" + s.text() + "'";
        }
        return node instanceof Sequence ? "a list" : "a mapping";
    }
}

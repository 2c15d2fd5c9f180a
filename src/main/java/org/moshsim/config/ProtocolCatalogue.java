package org.moshsim.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.moshsim.BadInput;

/**
 * The protocol types a config may name, by their {@code type} word: the built-in ones and any a plug-in adds
 * ({@code org.moshsim.protocol.Protocols#catalogue} finds them).
 */
public final class ProtocolCatalogue {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private final Map<String, ProtocolDefinition> types = new LinkedHashMap<>();
    private final Key<String> type;
    private final KeySet entries;

    /** The catalogue of {@code types}, in the order given; two types of one name, or a badly formed name, are bad input. */
    public ProtocolCatalogue(List<? extends ProtocolDefinition> types) {
        for (ProtocolDefinition type : types) {
            if (type.name() == null || !NAME.matcher(type.name()).matches()) {
                throw new BadInput("protocol type " + type.getClass().getName() + ": its name '" + type.name()
                        + "' is not lowercase words joined by '-', such as push-sum");
            }
            ProtocolDefinition other = this.types.putIfAbsent(type.name(), type);
            if (other != null) {
                throw new BadInput("protocol type '" + type.name() + "' is defined twice: by " + other.getClass().getName() + " and "
                        + type.getClass().getName() + "; give one of them another name");
            }
        }
        Key<String> choice = Key.choice("type", names(), "the protocol").once();
        // A type of a plug-in is known only with its jar: say so where the type is not found.
        this.type = choice.shaped(choice.type(), choice.allowed() + " (a plug-in's type needs its jar: --with JAR)",
                choice.schema());
        List<Key<?>> keys = new ArrayList<>(ProtocolReader.common(this.type));
        this.types.values().forEach(t -> keys.addAll(t.keys()));
        this.entries = new KeySet("protocols[]", "protocols[]", "Every entry of protocols.", keys);
    }

    /** The types' names, in the catalogue's order. */
    public List<String> names() {
        return List.copyOf(types.keySet());
    }

    /** Every type, in the catalogue's order. */
    public List<ProtocolDefinition> types() {
        return List.copyOf(types.values());
    }

    /** The type of a name, or null. */
    public ProtocolDefinition type(String name) {
        return types.get(name);
    }

    /** An entry's {@code type}: one of the catalogue's names. */
    Key<String> typeKey() {
        return type;
    }

    /** The keys of every entry: type, label, the training keys, then each type's own (what an entry may hold). */
    KeySet entries() {
        return entries;
    }
}

package org.moshsim.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.moshsim.BadInput;
import org.moshsim.config.ProtocolCatalogue;
import org.moshsim.config.ProtocolSpec;

/**
 * The protocol types a run may use, found by {@link ServiceLoader} (the built-in ones are registered the same way as a
 * plug-in's), and a fresh protocol for a spec: the type that reads a spec's class starts it.
 */
public final class Protocols {
    /** Per spec class, the type that reads it: found among the types its own class loader sees (a plug-in's jar too). */
    private static final ClassValue<ProtocolType<?>> TYPES = new ClassValue<>() {
        @Override
        protected ProtocolType<?> computeValue(Class<?> spec) {
            List<ProtocolType<?>> types = load(spec.getClassLoader()).stream().filter(t -> t.spec() == spec).toList();
            if (types.size() != 1) {
                throw new IllegalStateException((types.isEmpty() ? "no protocol type reads " : types.size() + " protocol types read ")
                        + spec.getName());
            }
            return types.get(0);
        }
    };

    private Protocols() {
    }

    /** The built-in protocol types (and any on moshsim's own class path). */
    public static ProtocolCatalogue catalogue() {
        return catalogue(Protocols.class.getClassLoader());
    }

    /** The protocol types {@code loader} sees: the built-in ones first, then those of its plug-in jars. */
    public static ProtocolCatalogue catalogue(ClassLoader loader) {
        return new ProtocolCatalogue(load(loader));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<ProtocolType<?>> load(ClassLoader loader) {
        List<ProtocolType<?>> types = new ArrayList<>();
        try {
            for (ProtocolType type : ServiceLoader.load(ProtocolType.class, loader)) {
                types.add(type);
            }
        } catch (ServiceConfigurationError e) {
            // A plug-in that names a missing class or one without a public constructor: the user's jar, not moshsim.
            throw new BadInput("a protocol plug-in cannot be loaded: " + e.getMessage());
        }
        return types;
    }

    /**
     * A fresh protocol for {@code peers} peers; its randomness comes from streams of {@code seed}. A training protocol
     * that exchanges gradients plans gradient exchanges in its groups.
     */
    public static Protocol create(ProtocolSpec spec, int peers, long seed) {
        if (spec instanceof ProtocolSpec.Trained trained) {
            Protocol groups = create(trained.averaging(), peers, seed);
            return trained.exchangesGradients() && !trained.averaging().exchangesGradients() ? new ExchangeGradients(groups, seed)
                    : groups;
        }
        return start(TYPES.get(spec.getClass()), spec, peers, seed);
    }

    private static <S extends ProtocolSpec> Protocol start(ProtocolType<S> type, ProtocolSpec spec, int peers, long seed) {
        return type.start(type.spec().cast(spec), peers, seed);
    }

    /** The matchmaking of an asynchronous group protocol (Moshpit, random groups). */
    public static Matchmaking matchmaking(ProtocolSpec spec, int peers, long seed) {
        Protocol protocol = create(spec, peers, seed);
        if (!(protocol instanceof Matchmaking matchmaking)) {
            throw new IllegalArgumentException(spec.label() + " forms no groups asynchronously");
        }
        return matchmaking;
    }
}

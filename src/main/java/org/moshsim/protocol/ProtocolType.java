package org.moshsim.protocol;

import org.moshsim.config.ProtocolDefinition;
import org.moshsim.config.ProtocolEntry;
import org.moshsim.config.ProtocolSpec;

/**
 * A kind of protocol that configs name by its {@code type}: the service a protocol plug-in provides. moshsim finds
 * every implementation with {@link java.util.ServiceLoader}: the built-in ones, and those of a jar given with
 * {@code moshsim run --with my-protocol.jar} that lists its class in
 * {@code META-INF/services/org.moshsim.protocol.ProtocolType}. An implementation is a public class with a public
 * constructor without parameters; it is stateless (one instance serves every run).
 *
 * <p>A type declares its parameters as {@link org.moshsim.config.Key}s ({@link #keys()}), which the config reference
 * and schema list; {@link #read} reads them from a config entry, with the same one-line errors as every config key,
 * into a spec: a record of the type's own that implements {@link ProtocolSpec}. For every run, {@link #start} makes a
 * fresh {@link Protocol} for the spec, which plans each round's exchanges as {@link org.moshsim.plan.Plan}s
 * ({@link org.moshsim.plan.GroupAveraging}, {@link org.moshsim.plan.SparseMixing}) and never touches a number: the
 * backends compute the plans, the network model prices them. A protocol whose plans are groups, and that can form
 * them asynchronously, implements {@link Matchmaking} too.
 *
 * @param <S> the spec this type reads
 */
public interface ProtocolType<S extends ProtocolSpec> extends ProtocolDefinition {
    /** The class of the specs {@link #read} returns: a run of such a spec starts with this type. */
    Class<S> spec();

    @Override
    S read(ProtocolEntry entry);

    /**
     * A fresh protocol for one run of {@code spec} among {@code peers} peers; its randomness must come from streams of
     * {@code seed} ({@link org.moshsim.random.RandomStreams}), so that a run depends on nothing else.
     */
    Protocol start(S spec, int peers, long seed);
}

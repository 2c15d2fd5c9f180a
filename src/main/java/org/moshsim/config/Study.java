package org.moshsim.config;

import java.util.Map;

/**
 * A study config: a related-work method measured on its own terms (a sweep of one parameter), as opposed to an
 * experiment's protocols in a simulated swarm. {@code resolved} is the config with every default filled in.
 */
public record Study(String name, int seeds, StudySpec spec, Map<String, Object> resolved) {
}

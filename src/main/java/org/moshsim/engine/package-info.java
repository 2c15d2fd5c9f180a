/**
 * The discrete-event core: {@link org.moshsim.engine.EventQueue}, a monotone clock with deterministic order
 * of simultaneous events, on primitive arrays. Depends on nothing else in moshsim.
 *
 * <p>May import: nothing outside the JDK.
 */
package org.moshsim.engine;

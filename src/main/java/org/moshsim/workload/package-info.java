/**
 * What peers hold. For now the averaging workload: i.i.d. initial values whose average is the target.
 * Depends on config and backend.
 */
package org.moshsim.workload;

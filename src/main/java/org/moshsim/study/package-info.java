/**
 * Studies: the related-work methods (DropCompute, gradient compression with error feedback, training under packet
 * loss, low-bit quantized all-reduce) each measured on its own terms, as a sweep of one parameter with a tidy
 * table, figures and a summary. Depends on config, the methods' packages, backend.cpu (model kernels), workload
 * and report.
 */
package org.moshsim.study;

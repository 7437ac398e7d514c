/** Whole-step benchmarks of the DARTS search, with the same measurements as the PyTorch peer (refbench/torch_darts.py). */
package org.darts4j.darts.benchmark;

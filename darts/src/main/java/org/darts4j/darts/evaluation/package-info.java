/**
 * The evaluation network: a discrete cell (a {@link org.darts4j.darts.genotype.Genotype}) stacked and trained from
 * scratch, as the reference's {@code model.py} ({@code NetworkCIFAR}, {@code Cell}, {@code AuxiliaryHeadCIFAR}) with
 * drop path, adapted to any input size, channel count and to regression.
 */
package org.darts4j.darts.evaluation;

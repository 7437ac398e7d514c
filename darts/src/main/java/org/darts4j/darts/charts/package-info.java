/** Helpers shared by the PNG outputs of runs, searches, experiments and the laboratory. */
package org.darts4j.darts.charts;

/** The charts of run folders (learning curves, the evolution of softmax(α)) and the helpers the PNG outputs of runs, searches, experiments and the laboratory share. */
package org.darts4j.darts.charts;

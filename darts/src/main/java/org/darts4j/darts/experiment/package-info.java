/**
 * The study as one command: search on data set A for several seeds, retrain each derived cell on data sets B (transfer
 * when B is not A), train parameter-matched ResNets and random forests beside them, and tabulate the results.
 */
package org.darts4j.darts.experiment;

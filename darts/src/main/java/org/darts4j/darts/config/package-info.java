/**
 * Typed run configurations, by concern: the {@link org.darts4j.darts.config.Data data} a run reads, the weight
 * optimiser ({@link org.darts4j.darts.config.Sgd SGD} with its {@link org.darts4j.darts.config.LrSchedule learning-rate
 * schedule}), the architecture optimiser ({@link org.darts4j.darts.config.Adam Adam}); {@link
 * org.darts4j.darts.config.ConfigJson} writes and reads them as {@code config.json}, and {@link
 * org.darts4j.darts.config.Bind} binds command-line options to them by name. The search's and the training's
 * configurations ({@code search.SearchConfig}, {@code train.RunConfig}) are made of these parts.
 */
package org.darts4j.darts.config;

/**
 * Studies across many machines: an experiment's steps as tasks of Apache Spark ({@code experiment --engine spark}),
 * embedded in local mode or submitted to a standalone, YARN or Kubernetes cluster unchanged.
 */
package org.darts4j.cluster;

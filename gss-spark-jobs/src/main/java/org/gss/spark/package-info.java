/**
 * Spark plumbing that the store and every stage share without depending on each other: naming the Spark jobs of a
 * pipeline stage ({@link org.gss.spark.JobStage}) so the UI, event logs and History Server read as the pipeline.
 */
package org.gss.spark;

/**
 * sparkgan: train and evaluate GANs on Apache Spark.
 *
 * <p>The root package holds only {@link sparkgan.SparkGanActions}, the factory for the Spark actions. The
 * sub-packages follow the data flow: {@code config} (records, validation, provenance), {@code ingest}
 * (source formats to Parquet), {@code table} (dataset layout, manifest, atomic commits).
 */
package sparkgan;

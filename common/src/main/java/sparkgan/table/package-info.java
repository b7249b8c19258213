/**
 * How sparkgan stores data: the image-dataset Parquet schema ({@link sparkgan.table.ImageDataset}), its
 * {@code _manifest.json} ({@link sparkgan.table.DatasetManifest}), table statistics and content hashes, the
 * training metrics of a trial ({@link sparkgan.table.TrainMetrics}), the evaluation results table
 * ({@link sparkgan.table.ResultsTable}), and the two ways every durable output is written: a folder staged and
 * renamed ({@link sparkgan.table.DirectoryCommit}), a file written aside and renamed
 * ({@link sparkgan.table.AtomicFile}).
 */
package sparkgan.table;

/**
 * How sparkgan stores data: the image-dataset Parquet schema ({@link sparkgan.table.ImageDataset}), its
 * {@code _manifest.json} ({@link sparkgan.table.DatasetManifest}), table statistics and content hashes, and the
 * write-to-staging-then-rename commit every durable output goes through ({@link sparkgan.table.DirectoryCommit}).
 */
package sparkgan.table;

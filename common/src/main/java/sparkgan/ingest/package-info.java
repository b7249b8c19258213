/**
 * The ingest action: source datasets (IDX, CIFAR binary, image folders) to a validated Parquet image table.
 *
 * <p>Each format is a {@link sparkgan.ingest.SourceFormat}: on the driver it finds and checks the source files and
 * cuts the work into {@link sparkgan.ingest.ReadTask}s; the tasks run on executors and stream {@link
 * sparkgan.table.ImageRecord}s. {@link sparkgan.ingest.IngestAction} writes them to staging, checks what was
 * written, computes the manifest and commits by rename.
 */
package sparkgan.ingest;

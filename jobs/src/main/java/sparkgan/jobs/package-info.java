/**
 * Entry points: {@code spark-submit --class sparkgan.jobs.Main sparkgan-jobs.jar <job> [options]}. Each job reads
 * its options, builds its config record (all validation happens there, before Spark starts), runs one action from
 * {@link sparkgan.SparkGanActions} and prints its result. No logic lives here.
 */
package sparkgan.jobs;

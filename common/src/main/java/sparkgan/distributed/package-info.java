/**
 * Data-parallel GAN training on Spark executors: the {@code train} job's action, the shards of data each worker
 * keeps cached, the Spark job of one averaging round, the reduction of the workers' states, and the checks of the
 * cluster's limits. Depends on {@code sparkgan.train} (the engine's training and its run cadence) and
 * {@code sparkgan.table}; nothing depends on it but the jobs.
 */
package sparkgan.distributed;

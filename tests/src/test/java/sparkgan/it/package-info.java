/**
 * Integration tests: the jobs run as a user runs them, through the submit/ scripts, on local Spark and on a real
 * standalone cluster of separate JVMs; plus the full Fashion-MNIST ingest.
 */
package sparkgan.it;

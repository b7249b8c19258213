/**
 * Configuration shared by every job: immutable records validated on construction, {@link
 * sparkgan.config.ConfigException} with the offending key, command-line parsing, and provenance.
 */
package sparkgan.config;

package sparkgan.config;

import java.util.Map;

/**
 * Something whose settings are recorded with every artefact it produces, so that a dataset, checkpoint or
 * metric can be traced back to exactly how it was made.
 */
public interface Provenanced {

  /** Sorted, immutable map from conf key (as a user writes it) to value. */
  Map<String, String> provenance();
}

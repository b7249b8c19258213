package sparkgan.train;

import java.util.Map;
import java.util.TreeMap;
import sparkgan.config.ConfigException;
import sparkgan.config.Provenanced;

/**
 * The {@code train} keys of data-parallel training and its commit points.
 *
 * @param workers data-parallel workers, one Spark task each, &gt;= 1 (fit-local trains as worker 0 of 1 and refuses
 *     more)
 * @param averageEvery generator steps each worker runs between two averagings (one Spark job per round), &gt;= 1
 * @param checkpointEvery generator steps between checkpoints, a multiple of {@code averageEvery} (checkpoints
 *     are taken between rounds); the last step is always checkpointed
 * @param keepLast checkpoints kept besides the {@code keepEvery} ones: the newest {@code keepLast}, &gt;= 1
 * @param keepEvery also keep every checkpoint whose step is a multiple of this; 0 keeps none besides the newest
 */
public record RoundSettings(int workers, int averageEvery, long checkpointEvery, int keepLast, long keepEvery)
    implements Provenanced {

  public RoundSettings {
    if (workers < 1) {
      throw ConfigException.invalid("train.workers", ">= 1", workers);
    }
    if (averageEvery < 1) {
      throw ConfigException.invalid("train.average-every", ">= 1", averageEvery);
    }
    if (checkpointEvery < 1 || checkpointEvery % averageEvery != 0) {
      throw ConfigException.invalid("train.checkpoint-every", "a positive multiple of train.average-every ("
          + averageEvery + ")", checkpointEvery);
    }
    if (keepLast < 1) {
      throw ConfigException.invalid("train.keep-checkpoints.last", ">= 1", keepLast);
    }
    if (keepEvery < 0) {
      throw ConfigException.invalid("train.keep-checkpoints.every", ">= 0 (0 = none)", keepEvery);
    }
  }

  /** One process, averaging and checkpoint cadence as given. */
  public static RoundSettings single(int averageEvery, long checkpointEvery) {
    return new RoundSettings(1, averageEvery, checkpointEvery, Integer.MAX_VALUE, 0);
  }

  public Checkpoints.Retention retention() {
    return new Checkpoints.Retention(keepLast, keepEvery);
  }

  @Override
  public Map<String, String> provenance() {
    TreeMap<String, String> values = new TreeMap<>();
    values.put("train.workers", Integer.toString(workers));
    values.put("train.average-every", Integer.toString(averageEvery));
    values.put("train.checkpoint-every", Long.toString(checkpointEvery));
    values.put("train.keep-checkpoints.last", Integer.toString(keepLast));
    values.put("train.keep-checkpoints.every", Long.toString(keepEvery));
    return values;
  }
}

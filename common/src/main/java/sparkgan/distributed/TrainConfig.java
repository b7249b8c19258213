package sparkgan.distributed;

import java.util.Objects;
import java.util.Optional;
import sparkgan.config.ConfigException;
import sparkgan.train.ExperimentConfig;

/**
 * What the train job is asked to do.
 *
 * @param experiment the experiment (its {@code train.workers} workers, rounds of {@code train.average-every})
 * @param output the results folder; the trial is {@code <output>/<experiment name>/<trial id>/}
 * @param trialId {@code --trial-id}: letters, digits, '.', '_' or '-'; when empty the YARN application id, else a
 *     UTC timestamp. Required with {@code resume}
 * @param resume continue the trial from its newest complete checkpoint
 */
public record TrainConfig(ExperimentConfig experiment, String output, Optional<String> trialId, boolean resume) {
  public TrainConfig {
    Objects.requireNonNull(experiment, "experiment");
    if (output == null || output.isBlank()) {
      throw ConfigException.invalid("--output", "a results folder", output);
    }
    trialId.ifPresent(id -> {
      if (!id.matches("[A-Za-z0-9._-]+")) {
        throw ConfigException.invalid("--trial-id", "letters, digits, '.', '_' or '-'", id);
      }
    });
    if (resume && trialId.isEmpty()) {
      throw new ConfigException("--trial-id", "Cannot resume without --trial-id: name the trial to continue "
          + "(the folder under " + output + "/" + experiment.name() + "/).");
    }
  }
}

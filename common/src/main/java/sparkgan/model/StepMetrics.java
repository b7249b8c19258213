package sparkgan.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named scalars a training step reports, in insertion order. Standard names: {@code loss_d}, {@code loss_g},
 * {@code d_real} and {@code d_fake} (mean raw discriminator output on real and generated batches),
 * {@code grad_norm_d}, {@code grad_norm_g}, {@code accuracy} (a classifier's share of its batch labelled right);
 * objectives add their own terms (e.g. {@code gradient_penalty}).
 */
public record StepMetrics(Map<String, Double> values) {
  public static final String LOSS_D = "loss_d";
  public static final String LOSS_G = "loss_g";
  public static final String D_REAL = "d_real";
  public static final String D_FAKE = "d_fake";
  public static final String GRAD_NORM_D = "grad_norm_d";
  public static final String GRAD_NORM_G = "grad_norm_g";
  public static final String ACCURACY = "accuracy";

  public StepMetrics {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public double get(String name) {
    Double value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException("No metric " + name + "; this step reported " + values.keySet());
    }
    return value;
  }

  /** These metrics and one more (replacing a metric of the same name). */
  public StepMetrics with(String name, double value) {
    Map<String, Double> more = new LinkedHashMap<>(values);
    more.put(name, value);
    return new StepMetrics(more);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects metrics during a step. */
  public static final class Builder {
    private final Map<String, Double> values = new LinkedHashMap<>();

    public Builder put(String name, double value) {
      values.put(name, value);
      return this;
    }

    public StepMetrics build() {
      return new StepMetrics(values);
    }
  }
}

package sparkgan.evaluate.metric;

import java.util.List;

/**
 * A Fréchet distance and everything that happened on the way to it. {@code flags} lists every numerical repair
 * (negative eigenvalues clipped to 0, {@value Fid#EPSILON} added to the diagonals of singular covariances) and every
 * warning (fewer than {@value Fid#RECOMMENDED_SAMPLES} samples); empty when the computation was clean. A flagged
 * value is still the reference's value, but not comparable to clean ones without saying so.
 */
public record FidResult(double value, List<String> flags) {
  public FidResult {
    flags = List.copyOf(flags);
  }
}

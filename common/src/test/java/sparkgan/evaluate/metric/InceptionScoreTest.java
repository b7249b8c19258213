package sparkgan.evaluate.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InceptionScoreTest {

  @Test
  void uniformPredictionsScoreOne() {
    // Equal logits: p(y|x) = p(y) = 1/10 for every x, KL = 0, exp(0) = 1 in every split, std 0.
    InceptionScore.Result score = InceptionScore.compute(new FeatureMatrix(100, 10, new double[1000]), 10);
    assertEquals(1, score.mean(), 1e-12);
    assertEquals(0, score.std(), 1e-12);
  }

  @Test
  void confidentPredictionsSpreadEvenlyOverTenClassesScoreTen() {
    // Sample i has logit 1000 for class i mod 10 and 0 elsewhere: p(y|x) is one-hot to float64 precision (the others
    // are e^-1000 = 0). Each split of 10 consecutive samples holds every class once, so p(y) = 1/10 and
    // KL(p(y|x) ‖ p(y)) = log 10 for every x: the score is exp(log 10) = 10 in every split, std 0.
    FeatureMatrix logits = oneHot(100, 10, i -> i % 10);
    InceptionScore.Result score = InceptionScore.compute(logits, 10);
    assertEquals(10, score.mean(), 1e-9);
    assertEquals(0, score.std(), 1e-9);
  }

  @Test
  void confidentPredictionsAllInOneClassScoreOne() {
    // Negative control for the one above: one-hot but always class 3, so p(y) = p(y|x) and KL = 0.
    InceptionScore.Result score = InceptionScore.compute(oneHot(100, 10, i -> 3), 10);
    assertEquals(1, score.mean(), 1e-12);
  }

  @Test
  void splitsFollowSampleOrder() {
    // Samples 0-49 are class 0 and 50-99 class 1 (logit 1000). With 2 splits in sample order each split holds one
    // class: score 1 in both. Shuffled splits would mix the classes and score about 2.
    InceptionScore.Result score = InceptionScore.compute(oneHot(100, 2, i -> i < 50 ? 0 : 1), 2);
    assertEquals(1, score.mean(), 1e-12);
    // Splits of 3 over 100 samples: [0, 33), [33, 66), [66, 100). The middle one holds 17 of class 0 and 16 of
    // class 1: exp(H(p(y))) with p(y) = (17/33, 16/33), the others score 1.
    InceptionScore.Result three = InceptionScore.compute(oneHot(100, 2, i -> i < 50 ? 0 : 1), 3);
    double p = 17.0 / 33;
    double middle = Math.exp(-(p * Math.log(p) + (1 - p) * Math.log(1 - p)));
    double mean = (2 + middle) / 3;
    assertEquals(mean, three.mean(), 1e-12);
    double std = Math.sqrt((2 * (1 - mean) * (1 - mean) + (middle - mean) * (middle - mean)) / 3);
    assertEquals(std, three.std(), 1e-12);
  }

  @Test
  void refusesFewerSamplesThanSplits() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> InceptionScore.compute(new FeatureMatrix(5, 10, new double[50]), 10));
    assertTrue(e.getMessage().startsWith("Cannot compute the Inception Score: 5 samples for 10 splits"), e.getMessage());
  }

  private static FeatureMatrix oneHot(int n, int classes, java.util.function.IntUnaryOperator label) {
    double[] logits = new double[n * classes];
    for (int i = 0; i < n; i++) {
      logits[i * classes + label.applyAsInt(i)] = 1000;
    }
    return new FeatureMatrix(n, classes, logits);
  }
}

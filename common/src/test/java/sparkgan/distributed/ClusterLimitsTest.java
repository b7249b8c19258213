package sparkgan.distributed;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class ClusterLimitsTest {
  private static SparkConf kryo(String bufferMax) {
    SparkConf conf = new SparkConf(false).set("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    return bufferMax == null ? conf : conf.set("spark.kryoserializer.buffer.max", bufferMax);
  }

  @Test
  void aStateLargerThanKryosBufferIsRefusedWithTheSettingAndAValueThatWorks() {
    // 86 MB (about DCGAN-32 with Adam and EMA) does not fit Kryo's default 64m; 2 x (86 MB + 1 MiB) rounds to 166m.
    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> ClusterLimits.requireRoom(kryo(null), 86_000_000, 2));
    assertEquals("Cannot train: a training state is 86.0 MB but spark.kryoserializer.buffer.max is 64m, too small "
        + "to broadcast it or return it from a task. Set --conf spark.kryoserializer.buffer.max=166m.",
        refused.getMessage());
    assertDoesNotThrow(() -> ClusterLimits.requireRoom(kryo("256m"), 86_000_000, 2));
    // Java serialization has no such buffer.
    assertDoesNotThrow(() -> ClusterLimits.requireRoom(new SparkConf(false), 86_000_000, 2));
  }

  @Test
  void moreStatesPerRoundThanTheDriverAcceptsAreRefused() {
    // 8 workers x (200 MB + 1 MiB) > 1g, the default spark.driver.maxResultSize; 0 means no limit.
    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> ClusterLimits.requireRoom(kryo("1024m"), 200_000_000, 8));
    assertTrue(refused.getMessage().startsWith("Cannot train: each round returns 8 states of 200.0 MB to "
        + "the driver, more than spark.driver.maxResultSize = 1g. Set --conf spark.driver.maxResultSize="),
        refused.getMessage());
    assertDoesNotThrow(() -> ClusterLimits.requireRoom(kryo("1024m").set("spark.driver.maxResultSize", "0"),
        200_000_000, 8));
  }
}

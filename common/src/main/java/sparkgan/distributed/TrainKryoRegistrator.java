package sparkgan.distributed;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import org.apache.spark.serializer.KryoRegistrator;
import org.nd4j.kryo.Nd4jRegistrator;
import sparkgan.model.nn.NativeBackend;

/**
 * Spark's Kryo registration for the train job ({@code spark.kryo.registrator}): ND4J's own registrator (ND4J
 * arrays), after {@link NativeBackend#select} has chosen the native build (ND4J's registrator loads ND4J, and on a
 * CPU without AVX2 the wrong build would end the executor), plus the records a round moves. Those are Java
 * records, which Kryo 4's field serializer cannot construct; their payload is byte arrays, which Java
 * serialization writes as they are.
 */
public final class TrainKryoRegistrator implements KryoRegistrator {

  @Override
  public void registerClasses(Kryo kryo) {
    NativeBackend.select();
    new Nd4jRegistrator().registerClasses(kryo);
    for (Class<?> type : new Class<?>[] {WorkerResult.class, ImageShard.class, RingShard.class,
        Shards.ShardRow.class, sparkgan.table.TrainMetrics.StepRow.class}) {
      kryo.register(type, new JavaSerializer());
    }
  }
}

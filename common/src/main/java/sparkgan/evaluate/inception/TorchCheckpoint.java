package sparkgan.evaluate.inception;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collections;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * Reads a PyTorch state dict of float tensors ({@code torch.save(model.state_dict(), f)}) without Python, in both of
 * torch.save's formats:
 * <ul>
 *   <li>zip (torch ≥ 1.6): {@code <name>/data.pkl}, the pickled dict, whose tensors refer to storages by key, and
 *       {@code <name>/data/<key>}, each storage's raw little-endian bytes;</li>
 *   <li>legacy ({@code _use_new_zipfile_serialization=False}, and every file written before torch 1.6): five pickles
 *       in a row (magic number, protocol version 1001, system info, the dict, the list of storage keys), then per key
 *       in that list an int64 element count and the storage's bytes.</li>
 * </ul>
 * Pickles are read with pyrolite (Spark ships it); only the globals a state dict uses are accepted
 * ({@code collections.OrderedDict}, {@code torch._utils._rebuild_tensor_v2}, {@code torch.*Storage}), and tensor
 * storages arrive as pickle persistent ids, tuples {@code ('storage', type, key, location, numel, ...)}.
 */
final class TorchCheckpoint {
  private static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
  private static final int LEGACY_PROTOCOL = 1001;

  private TorchCheckpoint() {}

  static boolean isZip(byte[] file) {
    return file.length > 4 && file[0] == 'P' && file[1] == 'K' && file[2] == 3 && file[3] == 4;
  }

  /**
   * The float tensors of the state dict in {@code file} by name; integer entries (batch norm's
   * {@code num_batches_tracked}) are left out.
   */
  static Map<String, Tensor> read(byte[] file) throws IOException {
    return isZip(file) ? readZip(file) : readLegacy(file);
  }

  private static Map<String, Tensor> readZip(byte[] file) throws IOException {
    try (ZipFile zip = new ZipFile(new SeekableInMemoryByteChannel(file))) {
      String prefix = null;
      for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
        if (entry.getName().endsWith("/data.pkl") && entry.getName().indexOf('/') == entry.getName().length() - 9) {
          prefix = entry.getName().substring(0, entry.getName().length() - "data.pkl".length());
        }
      }
      if (prefix == null) {
        throw new IOException("a zip file without <name>/data.pkl, not a torch.save checkpoint");
      }
      Map<?, ?> dict = dict(new StateDictUnpickler().load(new ByteArrayInputStream(bytes(zip, prefix + "data.pkl"))));
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : dict.entrySet()) {
        TensorRef ref = tensorRef(e.getKey(), e.getValue());
        if (ref.storage().type().isFloat()) {
          byte[] storage = bytes(zip, prefix + "data/" + ref.storage().key());
          tensors.put((String) e.getKey(), ref.materialise(ByteBuffer.wrap(storage), storage.length));
        }
      }
      return tensors;
    }
  }

  private static byte[] bytes(ZipFile zip, String name) throws IOException {
    ZipArchiveEntry entry = zip.getEntry(name);
    if (entry == null) {
      throw new IOException("the zip has no entry " + name);
    }
    try (var in = zip.getInputStream(entry)) {
      return in.readAllBytes();
    }
  }

  private static Map<String, Tensor> readLegacy(byte[] file) throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(file);
    Object magic = new StateDictUnpickler().load(in);
    if (!LEGACY_MAGIC.equals(magic instanceof Number n ? new BigInteger(n.toString()) : null)) {
      throw new IOException("neither a zip archive nor a legacy torch.save file (no magic number)");
    }
    Object protocol = new StateDictUnpickler().load(in);
    if (!(protocol instanceof Number p) || p.intValue() != LEGACY_PROTOCOL) {
      throw new IOException("legacy torch.save protocol " + protocol + ", expected " + LEGACY_PROTOCOL);
    }
    Object sysInfo = new StateDictUnpickler().load(in);
    if (sysInfo instanceof Map<?, ?> info && Boolean.FALSE.equals(info.get("little_endian"))) {
      throw new IOException("written on a big-endian machine");
    }
    Map<?, ?> dict = dict(new StateDictUnpickler().load(in));
    Object keys = new StateDictUnpickler().load(in);
    if (!(keys instanceof List<?> keyList)) {
      throw new IOException("the storage key list is missing after the pickled dict");
    }
    // The storages follow in the order of the key list, each as an int64 element count and its raw bytes.
    Map<String, ByteBuffer> storages = new HashMap<>();
    int position = file.length - in.available();
    Map<String, StorageRef> refs = new HashMap<>();
    for (Map.Entry<?, ?> e : dict.entrySet()) {
      StorageRef storage = tensorRef(e.getKey(), e.getValue()).storage();
      refs.put(storage.key(), storage);
    }
    for (Object key : keyList) {
      StorageRef ref = refs.get((String) key);
      if (position + 8 > file.length) {
        throw new IOException("truncated: storage " + key + " starts after the end of the file");
      }
      long count = ByteBuffer.wrap(file, position, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
      int elementSize = ref == null ? 0 : ref.type().bytes();
      long length = count * elementSize;
      if (ref == null || position + 8 + length > file.length) {
        throw new IOException("storage " + key + (ref == null ? " is not used by any tensor"
            : " of " + count + " elements runs past the end of the file"));
      }
      storages.put(ref.key(), ByteBuffer.wrap(file, position + 8, (int) length).slice());
      position += 8 + (int) length;
    }
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : dict.entrySet()) {
      TensorRef ref = tensorRef(e.getKey(), e.getValue());
      ByteBuffer storage = storages.get(ref.storage().key());
      if (storage == null) {
        throw new IOException("tensor " + e.getKey() + " refers to storage " + ref.storage().key()
            + ", which the file does not contain");
      }
      if (ref.storage().type().isFloat()) {
        tensors.put((String) e.getKey(), ref.materialise(storage, storage.remaining()));
      }
    }
    return tensors;
  }

  private static Map<?, ?> dict(Object unpickled) throws IOException {
    if (unpickled instanceof Map<?, ?> map) {
      return map;
    }
    throw new IOException("the pickle holds a " + (unpickled == null ? "None" : unpickled.getClass().getSimpleName())
        + ", not a state dict; save model.state_dict()");
  }

  private static TensorRef tensorRef(Object key, Object value) throws IOException {
    if (key instanceof String && value instanceof TensorRef ref) {
      return ref;
    }
    throw new IOException("entry " + key + " of the state dict is not a tensor but a "
        + (value == null ? "None" : value.getClass().getSimpleName()));
  }

  /** A torch storage class, e.g. {@code torch.FloatStorage}: its element type. */
  enum StorageType implements IObjectConstructor {
    FLOAT(4), DOUBLE(8), HALF(2), LONG(8), INT(4), SHORT(2), CHAR(1), BYTE(1), BOOL(1), BFLOAT16(2);

    private final int bytes;

    StorageType(int bytes) {
      this.bytes = bytes;
    }

    int bytes() {
      return bytes;
    }

    boolean isFloat() {
      return this == FLOAT || this == DOUBLE;
    }

    static StorageType ofClass(String name) {
      return switch (name) {
        case "FloatStorage" -> FLOAT;
        case "DoubleStorage" -> DOUBLE;
        case "HalfStorage" -> HALF;
        case "LongStorage" -> LONG;
        case "IntStorage" -> INT;
        case "ShortStorage" -> SHORT;
        case "CharStorage" -> CHAR;
        case "ByteStorage" -> BYTE;
        case "BoolStorage" -> BOOL;
        case "BFloat16Storage" -> BFLOAT16;
        default -> null;
      };
    }

    @Override
    public Object construct(Object[] args) {
      throw new PickleException("a storage class is only a type tag in a persistent id, never called");
    }
  }

  record StorageRef(StorageType type, String key) {}

  /** {@code _rebuild_tensor_v2(storage, offset, size, stride, ...)}: a strided view of a storage, in elements. */
  record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {
    Tensor materialise(ByteBuffer bytes, int length) throws IOException {
      long count = 1;
      long last = offset;
      for (int d = 0; d < size.length; d++) {
        count *= size[d];
        last += (size[d] - 1) * stride[d];
      }
      int elementSize = storage.type().bytes();
      if (count > 0 && (offset < 0 || (last + 1) * elementSize > length)) {
        throw new IOException("a tensor of shape " + Arrays.toString(size) + " reaches past its storage of "
            + length / elementSize + " elements");
      }
      ByteBuffer data = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
      float[] values = new float[Math.toIntExact(count)];
      long[] index = new long[size.length];
      for (int i = 0; i < values.length; i++) {
        long element = offset;
        for (int d = 0; d < size.length; d++) {
          element += index[d] * stride[d];
        }
        int at = Math.toIntExact(element * elementSize);
        values[i] = storage.type() == StorageType.FLOAT ? data.getFloat(at) : (float) data.getDouble(at);
        for (int d = size.length - 1; d >= 0 && ++index[d] == size[d]; d--) {
          index[d] = 0;
        }
      }
      return new Tensor(size.clone(), values);
    }
  }

  /**
   * An unpickler that resolves only a state dict's globals, itself: pyrolite's constructor registry is static and
   * shared by the whole JVM (PySpark uses it), so nothing is registered there.
   */
  private static final class StateDictUnpickler extends Unpickler {
    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
      switch (key) {
        case Opcodes.GLOBAL -> {
          String module = PickleUtils.readline(input);
          String name = PickleUtils.readline(input);
          stack.add(global(module, name));
          return NO_RETURN_VALUE;
        }
        case Opcodes.STACK_GLOBAL -> {
          String name = (String) stack.pop();
          String module = (String) stack.pop();
          stack.add(global(module, name));
          return NO_RETURN_VALUE;
        }
        case Opcodes.BINPERSID -> {
          stack.add(storage(stack.pop()));
          return NO_RETURN_VALUE;
        }
        case Opcodes.BUILD -> {
          Object state = stack.pop();
          if (stack.peek() instanceof LinkedHashMap<?, ?>) {
            return NO_RETURN_VALUE; // an OrderedDict's attributes: the state dict's _metadata (module versions)
          }
          stack.add(state);
          return super.dispatch(key);
        }
        default -> {
          return super.dispatch(key);
        }
      }
    }

    private static IObjectConstructor global(String module, String name) {
      if (module.equals("collections") && name.equals("OrderedDict")) {
        return args -> new LinkedHashMap<>();
      }
      if (module.equals("torch._utils") && name.equals("_rebuild_tensor_v2")) {
        return TorchCheckpoint::rebuildTensor;
      }
      if (module.equals("torch") && StorageType.ofClass(name) != null) {
        return StorageType.ofClass(name);
      }
      throw new PickleException("unsupported pickled class " + module + "." + name
          + " (a state dict holds only tensors)");
    }

    private static StorageRef storage(Object pid) {
      if (pid instanceof Object[] t && t.length >= 5 && "storage".equals(t[0]) && t[1] instanceof StorageType type) {
        return new StorageRef(type, t[2].toString());
      }
      throw new PickleException("unsupported persistent id " + Arrays.deepToString(
          pid instanceof Object[] t ? t : new Object[] {pid}));
    }
  }

  /** {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, hooks[, metadata])}. */
  private static Object rebuildTensor(Object[] args) {
    if (args.length < 4 || !(args[0] instanceof StorageRef storage)) {
      throw new PickleException("_rebuild_tensor_v2 without a storage");
    }
    return new TensorRef(storage, ((Number) args[1]).longValue(), longs(args[2]), longs(args[3]));
  }

  private static long[] longs(Object tuple) {
    Object[] values = (Object[]) tuple;
    long[] result = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = ((Number) values[i]).longValue();
    }
    return result;
  }
}

package sparkgan.model.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NativeBackendTest {
  @Test
  void plainBuildOnlyWhereTheCpuLacksAvx2OrFma() {
    assertEquals(Optional.empty(), NativeBackend.extensionFor(Optional.of(Set.of("sse4_2", "avx", "avx2", "fma")), null));
    assertEquals(Optional.of(""), NativeBackend.extensionFor(Optional.of(Set.of("sse4_2", "avx")), null));
    assertEquals(Optional.of(""), NativeBackend.extensionFor(Optional.of(Set.of("avx2")), null), "AVX2 without FMA");
  }

  @Test
  void anExplicitChoiceOrUnknownFlagsAreLeftAlone() {
    assertEquals(Optional.empty(), NativeBackend.extensionFor(Optional.of(Set.of("sse2")), "-onednn-avx2"));
    assertEquals(Optional.empty(), NativeBackend.extensionFor(Optional.empty(), null));
  }

  @Test
  void thisMachinesFlagsAreRead() {
    // CI and development machines are Linux: the flags line exists and names at least SSE2, which every x86-64 has.
    assertEquals(true, NativeBackend.cpuFlags().map(flags -> flags.contains("sse2")).orElse(false));
  }
}

package sparkgan.evaluate.inception;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class InceptionProtocolTest {

  /** Evaluation rows and feature caches carry this id; changing it makes old results incomparable, on purpose. */
  @Test
  void idIsStable() {
    assertEquals("inception-2015-12-05/tf1-legacy-bilinear-299/(x-128)/128/bn-eps-0.001/pool_3+softmax/logits/MatMul",
        InceptionProtocol.TF_2015.id());
  }

  @Test
  void provenanceIsSortedAndCarriesTheId() {
    var provenance = InceptionProtocol.TF_2015.provenance();
    assertEquals(InceptionProtocol.TF_2015.id(), provenance.get("inception.protocol"));
    assertEquals(provenance.keySet().stream().sorted().toList(), List.copyOf(provenance.keySet()));
  }
}

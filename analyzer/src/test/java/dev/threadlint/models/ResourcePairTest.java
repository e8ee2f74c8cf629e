package dev.threadlint.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResourcePairTest {
  @Test
  void parsesTypeAcquiresAndRelease() {
    ResourcePair pair =
        ResourcePair.parse(" io.lib.Bulkhead#acquirePermission, tryAcquirePermission:onComplete ");
    assertThat(pair.type()).isEqualTo("io.lib.Bulkhead");
    assertThat(pair.simpleName()).isEqualTo("Bulkhead");
    assertThat(pair.isQualified()).isTrue();
    assertThat(pair.acquires()).containsExactly("acquirePermission", "tryAcquirePermission");
    assertThat(pair.release()).isEqualTo("onComplete");
    assertThat(pair.spec())
        .isEqualTo("io.lib.Bulkhead#acquirePermission,tryAcquirePermission:onComplete");
  }

  @Test
  void rejectsMalformedSpecs() {
    for (String bad :
        List.of(
            "",
            "Limiter",
            "Limiter#take",
            "#take:give",
            "Limiter#:give",
            "Limiter#take:",
            "Lim iter#take:give",
            "Limiter#take:take",
            "A#b#c:d")) {
      assertThatThrownBy(() -> ResourcePair.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("bad resource pair");
    }
  }

  @Test
  void tryByNameNeedsTheTryPrefixAsAWord() {
    assertThat(ResourcePair.isTryByName("tryAcquirePermission")).isTrue();
    assertThat(ResourcePair.isTryByName("tryEnter")).isTrue();
    assertThat(ResourcePair.isTryByName("trying")).isFalse();
    assertThat(ResourcePair.isTryByName("acquire")).isFalse();
  }
}

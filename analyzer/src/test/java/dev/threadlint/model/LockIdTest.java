package dev.threadlint.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LockIdTest {
  private static final LockId RW =
      LockId.field("p.Cache", "rw", false, LockId.Type.READ_WRITE_LOCK);
  private static final LockId OTHER = LockId.field("p.Cache", "other", false, LockId.Type.LOCK);

  @Test
  void everyGuardMustBeHeld() {
    assertThat(LockId.holdsAll(List.of(RW), Set.of(RW, OTHER), false)).isFalse();
    assertThat(LockId.holdsAll(List.of(OTHER, RW), Set.of(RW, OTHER), false)).isTrue();
    assertThat(LockId.holdsAll(List.of(), Set.of(), true)).isTrue();
  }

  @Test
  void aWriteNeedsTheWriteViewAReadEither() {
    LockId read = RW.withView(LockId.View.READ);
    LockId write = RW.withView(LockId.View.WRITE);
    assertThat(LockId.holdsAll(List.of(read), Set.of(RW), false)).isTrue();
    assertThat(LockId.holdsAll(List.of(read), Set.of(RW), true)).isFalse();
    assertThat(LockId.holdsAll(List.of(write), Set.of(RW), true)).isTrue();
  }
}

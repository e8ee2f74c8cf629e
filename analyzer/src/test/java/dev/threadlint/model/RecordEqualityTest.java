package dev.threadlint.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The records whose equality is written out by hand hash as the generated code of a record with the
 * same components does: sets of them iterate in the same order as before, so no message that names
 * the first of a set can change.
 */
class RecordEqualityTest {
  private record SiteLike(
      String path, int line, int column, int endLine, int endColumn, String member) {}

  private record LockLike(
      LockId.Kind kind,
      String owner,
      String path,
      LockId.Type type,
      LockId.View view,
      String root) {}

  private record FieldLike(String owner, String path, boolean isStatic) {}

  private record KeyLike(String owner, String name, int arity) {}

  @Test
  void hashesAsTheGeneratedCodeDoes() {
    Site site = new Site("a/B.java", 12, 5, 12, 9, "a.B.run");
    assertThat(site.hashCode())
        .isEqualTo(new SiteLike("a/B.java", 12, 5, 12, 9, "a.B.run").hashCode());
    for (LockId.Kind kind : LockId.Kind.values()) {
      for (LockId.Type type : LockId.Type.values()) {
        for (LockId.View view : LockId.View.values()) {
          LockId lock = new LockId(kind, "a.B", "lock", type, view, "root");
          assertThat(lock.hashCode())
              .isEqualTo(new LockLike(kind, "a.B", "lock", type, view, "root").hashCode());
        }
      }
    }
    for (boolean isStatic : new boolean[] {true, false}) {
      assertThat(new FieldPath("a.B", "x.y", isStatic).hashCode())
          .isEqualTo(new FieldLike("a.B", "x.y", isStatic).hashCode());
    }
    assertThat(new MethodKey("a.B", "run", 2).hashCode())
        .isEqualTo(new KeyLike("a.B", "run", 2).hashCode());
  }

  @Test
  void equalExactlyWhenEveryComponentIs() {
    Site site = new Site("a/B.java", 12, 5, 12, 9, "a.B.run");
    assertThat(site).isEqualTo(new Site("a/B.java", 12, 5, 12, 9, "a.B.run"));
    assertThat(site)
        .isNotEqualTo(new Site("a/B.java", 12, 5, 12, 10, "a.B.run"))
        .isNotEqualTo(new Site("a/C.java", 12, 5, 12, 9, "a.B.run"))
        .isNotEqualTo(new Site("a/B.java", 12, 5, 12, 9, "a.B.stop"))
        .isNotEqualTo(null)
        .isNotEqualTo("a/B.java");
    FieldPath field = new FieldPath("a.B", "x", false);
    assertThat(field)
        .isEqualTo(new FieldPath("a.B", "x", false))
        .isNotEqualTo(new FieldPath("a.B", "x", true))
        .isNotEqualTo(new FieldPath("a.C", "x", false));
    MethodKey key = new MethodKey("a.B", "run", 0);
    assertThat(key)
        .isEqualTo(new MethodKey("a.B", "run", 0))
        .isNotEqualTo(new MethodKey("a.B", "run", 1));
  }
}

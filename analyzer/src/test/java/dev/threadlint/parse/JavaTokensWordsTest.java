package dev.threadlint.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Identifiers read as words are the same strings the token text gives, one string per distinct
 * name, and a name is fresh exactly on its first use: also past the table's first growth.
 */
class JavaTokensWordsTest {
  @Test
  void eachDistinctNameIsOneStringAndFreshOnlyOnce() {
    StringBuilder source = new StringBuilder();
    for (int i = 0; i < 700; i++) {
      source
          .append("int name")
          .append(i % 400)
          .append(" = Aa + BB + \u00e9t\u00e9 + x_")
          .append(i % 7);
      source.append(";\n");
    }
    JavaTokens tokens = new JavaTokens(source.toString());
    JavaTokens reference = new JavaTokens(source.toString());
    Set<String> seen = new HashSet<>();
    List<String> firsts = new ArrayList<>();
    int words = 0;
    while (tokens.next() != JavaTokens.EOF) {
      reference.next();
      if (tokens.kind() != JavaTokens.IDENT) {
        continue;
      }
      String word = tokens.word();
      assertThat(word).isEqualTo(reference.text());
      assertThat(tokens.freshWord()).isEqualTo(seen.add(word));
      if (tokens.freshWord()) {
        firsts.add(word);
      } else {
        assertThat(firsts).anySatisfy(first -> assertThat(first).isSameAs(word));
      }
      words++;
    }
    assertThat(words).isEqualTo(700 * 6);
    assertThat(firsts).hasSize(seen.size()).hasSize(1 + 400 + 3 + 7); // "Aa" and "BB" share a hash
  }
}

package dev.threadlint.facts;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.comments.Comment;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MemberValuePair;
import com.github.javaparser.ast.expr.NormalAnnotationExpr;
import com.github.javaparser.ast.expr.SingleMemberAnnotationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the suppressions of DESIGN §4 from one file: {@code @SuppressWarnings} and
 * {@code @SuppressFBWarnings} on a declaration cover the declaration's lines; a {@code //
 * threadlint:ignore id[, id] — reason} comment covers its own line when it trails code, or the next
 * line when it stands alone.
 */
public final class Suppressions {
  /** Prefix under which SpotBugs bug codes are stored, to be matched against rule equivalents. */
  public static final String SPOTBUGS_PREFIX = "spotbugs:";

  /**
   * Prefix under which other {@code @SuppressWarnings} values (Error Prone check names, IntelliJ
   * inspection ids) are kept.
   */
  public static final String WARNINGS_PREFIX = "warnings:";

  private static final Pattern IGNORE =
      Pattern.compile("threadlint:ignore(?:\\s+([a-z0-9-]+(?:\\s*,\\s*[a-z0-9-]+)*))?");

  private Suppressions() {}

  public static List<Suppression> of(FileContext file, String text) {
    return of(file, text, file.unit().getAllContainedComments());
  }

  /**
   * The same, with the file's comments given: a tree parsed without attaching comments holds none,
   * and its comments come from the parse result. A {@code noinspection} comment needs the node it
   * precedes, so a file holding one must be parsed with comments attached.
   */
  public static List<Suppression> of(FileContext file, String text, List<Comment> comments) {
    List<Suppression> result = new ArrayList<>();
    for (AnnotationExpr annotation : file.all(AnnotationExpr.class)) {
      String name = annotation.getName().getIdentifier();
      boolean warnings = name.equals("SuppressWarnings");
      boolean spotbugs = name.equals("SuppressFBWarnings");
      if (!warnings && !spotbugs) {
        continue;
      }
      Set<String> ids = new LinkedHashSet<>();
      for (String value : values(annotation)) {
        if (value.equals("threadlint")) {
          ids.add(Suppression.ALL);
        } else if (value.startsWith("threadlint:")) {
          ids.add(value.substring("threadlint:".length()));
        } else if (spotbugs) {
          ids.add(SPOTBUGS_PREFIX + value);
        } else {
          // Error Prone and IntelliJ read their check names from @SuppressWarnings: honour them
          // for the rules that list that check as an equivalent
          ids.add(WARNINGS_PREFIX + value);
        }
      }
      Node annotated = annotation.getParentNode().orElse(annotation);
      if (!ids.isEmpty() && annotated.getRange().isPresent()) {
        result.add(
            new Suppression(
                annotated.getRange().get().begin.line, annotated.getRange().get().end.line, ids));
      }
    }
    String[] lines = null; // split when a comment needs its line: most files have none
    for (Comment comment : comments) {
      noInspection(comment).ifPresent(result::add);
      Matcher m = IGNORE.matcher(comment.getContent());
      if (!m.find() || comment.getRange().isEmpty()) {
        continue;
      }
      Set<String> ids = new LinkedHashSet<>();
      if (m.group(1) == null) {
        ids.add(Suppression.ALL);
      } else {
        for (String id : m.group(1).split(",")) {
          ids.add(id.strip());
        }
      }
      if (lines == null) {
        lines = text.split("\r\n|\r|\n", -1);
      }
      int line = comment.getRange().get().begin.line;
      int column = comment.getRange().get().begin.column;
      boolean standsAlone =
          line - 1 < lines.length
              && lines[line - 1]
                  .substring(0, Math.min(column - 1, lines[line - 1].length()))
                  .isBlank();
      int target = standsAlone ? comment.getRange().get().end.line + 1 : line;
      result.add(new Suppression(target, target, ids));
    }
    return result;
  }

  /**
   * IntelliJ's {@code //noinspection Id[,Id]} covers the statement or declaration after it; the ids
   * count for the rules that list them as equivalents, like {@code @SuppressWarnings}.
   */
  private static Optional<Suppression> noInspection(Comment comment) {
    Matcher m = NO_INSPECTION.matcher(comment.getContent());
    if (!m.matches() || comment.getRange().isEmpty()) {
      return Optional.empty();
    }
    Set<String> ids = new LinkedHashSet<>();
    for (String id : m.group(1).split(",")) {
      ids.add(WARNINGS_PREFIX + id.strip());
    }
    int after = comment.getRange().get().end.line + 1;
    int end = comment.getCommentedNode().flatMap(Node::getRange).map(r -> r.end.line).orElse(after);
    return Optional.of(new Suppression(after, Math.max(after, end), ids));
  }

  private static final Pattern NO_INSPECTION =
      Pattern.compile("\\s*noinspection\\s+([A-Za-z0-9_]+(?:\\s*,\\s*[A-Za-z0-9_]+)*)\\s*");

  private static List<String> values(AnnotationExpr annotation) {
    List<Expression> expressions = new ArrayList<>();
    if (annotation instanceof SingleMemberAnnotationExpr single) {
      expressions.add(single.getMemberValue());
    } else if (annotation instanceof NormalAnnotationExpr normal) {
      for (MemberValuePair pair : normal.getPairs()) {
        if (pair.getNameAsString().equals("value")) {
          expressions.add(pair.getValue());
        }
      }
    }
    List<String> strings = new ArrayList<>();
    for (Expression expression : expressions) {
      if (expression instanceof ArrayInitializerExpr array) {
        array.getValues().forEach(v -> addString(v, strings));
      } else {
        addString(expression, strings);
      }
    }
    return strings;
  }

  private static void addString(Expression expression, List<String> into) {
    if (expression instanceof StringLiteralExpr literal) {
      into.add(literal.getValue());
    }
  }
}

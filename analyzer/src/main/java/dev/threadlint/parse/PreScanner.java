package dev.threadlint.parse;

import dev.threadlint.facts.TypeDecl;
import dev.threadlint.facts.TypeRef;
import dev.threadlint.facts.TypeResolver;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lexical pre-scan of one file: which concurrency word it uses, the identifiers that may name
 * types, and its type declarations with their supertypes, as a parse would give them. It reads
 * tokens once and keeps only a stack of open braces, so it costs a small fraction of a parse.
 *
 * <p>The declarations follow JavaParser's rules: a type declared in a method body (a local class or
 * record) has no qualified name and is left out; a type declared in the body of an anonymous class
 * or enum constant is named after the nearest enclosing type declaration; a declaration begins at
 * its first annotation or modifier. Safe to share between threads.
 */
public final class PreScanner {
  private final Set<String> extraWords;
  private final Map<String, String> names = new ConcurrentHashMap<>();

  /**
   * @param extraWords identifiers that also make a file matter (the types and methods of
   *     user-declared resource pairs)
   */
  public PreScanner(Set<String> extraWords) {
    this.extraWords = Set.copyOf(extraWords);
  }

  /**
   * Scans a file's text; {@code path} is its relative path, as type declarations record it. A file
   * with Unicode escapes is scanned as the compiler reads it, translated, and is always parsed: an
   * escape can also end a line (the escape of code point 0A), which moves every line after it, and
   * the parser is the one that counts lines as the compiler does.
   */
  public PreScan scan(String text, String path) {
    Optional<String> translated = UnicodeEscapes.translate(text);
    if (translated.isEmpty()) {
      return new Scan(text, path).run();
    }
    PreScan scan = new Scan(translated.get(), path).run();
    return scan.asDamaged();
  }

  /** One identifier string per distinct name across the whole run, so that files share them. */
  private String intern(String name) {
    String known = names.putIfAbsent(name, name);
    return known == null ? name : known;
  }

  private enum FrameKind {
    /** A type declaration's body. */
    TYPE,
    /** An anonymous class or enum constant body: members, but no type declaration of its own. */
    ANONYMOUS,
    /** Statements or an array initializer: a type declared directly here is local. */
    BLOCK
  }

  /** An open brace. */
  private static final class Frame {
    final FrameKind kind;

    /** For TYPE: its qualified name, or null for a local type (and everything inside one). */
    final String name;

    /** For an enum body: still in the list of constants. */
    boolean enumConstants;

    /** Where declarations found directly in this frame go, in JavaParser's order. */
    final List<Pending> sink;

    /** Declarations found among enum constants: JavaParser lists them after the enum's members. */
    final List<Pending> deferred = new ArrayList<>();

    int parens;
    boolean memberStart = true;
    int memberLine;

    /** Parenthesis depths of {@code new} expressions whose argument list is still open. */
    final ArrayDeque<Integer> pendingNew = new ArrayDeque<>();

    boolean afterNewArguments;

    Frame(FrameKind kind, String name, List<Pending> sink) {
      this.kind = kind;
      this.name = name;
      this.sink = sink;
    }

    /** Where a declaration inside this frame (directly or in a child frame opened now) goes. */
    List<Pending> target() {
      return enumConstants ? deferred : sink;
    }
  }

  /** A declaration whose supertypes are resolved once the whole file is known. */
  private record Pending(
      String qualifiedName, TypeDecl.Kind kind, List<String> supertypes, int line) {}

  private final class Scan {
    private final JavaTokens tokens;
    private final String path;
    private final ArrayDeque<Frame> frames = new ArrayDeque<>();
    private final List<Pending> declarations = new ArrayList<>();
    private final Frame top = new Frame(FrameKind.TYPE, "", declarations);
    private final Set<String> identifiers = new HashSet<>();
    private String trigger = "";
    private boolean unbalanced;

    private String packageName = "";
    private final Map<String, String> singleImports = new HashMap<>();
    private final List<String> onDemand = new ArrayList<>();

    /** The punctuation of the token before the current one (0 for an identifier). */
    private char previous;

    /**
     * The dotted name being read while each of its parts starts with a lower-case letter ({@code
     * java.util} so far of {@code java.util.List}), when {@link #inLowerChain}.
     */
    private final StringBuilder lowerChain = new StringBuilder();

    private boolean inLowerChain;

    private final Set<String> qualifiers = new HashSet<>();

    Scan(String text, String path) {
      this.tokens = new JavaTokens(text);
      this.path = path;
    }

    PreScan run() {
      frames.push(top);
      int kind = advance();
      while (kind != JavaTokens.EOF) {
        kind = step();
      }
      if (frames.size() != 1 || top.parens != 0) {
        unbalanced = true;
      }
      return new PreScan(
          trigger,
          resolve(),
          internAll(),
          unbalanced || tokens.damaged(),
          intern(packageName),
          qualifiers);
    }

    /** Reads the next token and notes what every token tells: identifiers and triggers. */
    private int advance() {
      previous = tokens.punct();
      int kind = tokens.next();
      if (kind == JavaTokens.IDENT) {
        // a name read before is in identifiers already: only a first use can add it or trigger
        String word = tokens.word();
        chain(word);
        if (tokens.freshWord()
            && identifiers.add(word)
            && trigger.isEmpty()
            && Vocabulary.triggers(word, extraWords)) {
          trigger = word;
        }
      }
      return kind;
    }

    /**
     * Follows a dotted name: at its first part that does not start with a lower-case letter, the
     * parts before it are a qualifier (a package, in practice; or a variable before a constant).
     */
    private void chain(String word) {
      boolean lower = Character.isLowerCase(word.charAt(0));
      if (previous != '.' || !inLowerChain) {
        inLowerChain = lower;
        if (lower) {
          lowerChain.setLength(0);
          lowerChain.append(word);
        }
      } else if (lower) {
        lowerChain.append('.').append(word);
      } else {
        qualifiers.add(intern(lowerChain.toString()));
        inLowerChain = false;
      }
    }

    /** Handles the current token and returns the kind of the next one. */
    private int step() {
      Frame frame = frames.peek();
      int line = tokens.line();
      char punct = tokens.punct();
      boolean memberLevel = frame.parens == 0;
      if (memberLevel && frame.memberStart && punct != ';' && punct != '}') {
        frame.memberStart = false;
        frame.memberLine = line;
      }
      boolean afterNew = frame.afterNewArguments;
      frame.afterNewArguments = false;
      if (punct == 0) {
        return identifier(frame, previous);
      }
      switch (punct) {
        case '(' -> frame.parens++;
        case ')' -> {
          if (frame.parens > 0) {
            frame.parens--;
          } else {
            unbalanced = true;
          }
          if (!frame.pendingNew.isEmpty() && frame.pendingNew.peek() == frame.parens) {
            frame.pendingNew.pop();
            frame.afterNewArguments = true;
          }
        }
        case '[' -> {
          if (!frame.pendingNew.isEmpty() && frame.pendingNew.peek() == frame.parens) {
            frame.pendingNew.pop(); // array creation: no class body follows
          }
        }
        case ';' -> {
          if (memberLevel) {
            frame.memberStart = true;
            frame.enumConstants = false;
          }
        }
        case '{' -> {
          boolean anonymous = afterNew || frame.enumConstants && memberLevel;
          frames.push(
              new Frame(anonymous ? FrameKind.ANONYMOUS : FrameKind.BLOCK, null, frame.target()));
        }
        case '}' -> close();
        default -> {}
      }
      return advance();
    }

    private void close() {
      if (frames.size() == 1) {
        unbalanced = true;
        return;
      }
      Frame closed = frames.pop();
      if (closed.parens != 0) {
        unbalanced = true;
      }
      closed.sink.addAll(closed.deferred);
      Frame parent = frames.peek();
      if (parent.parens == 0) {
        parent.memberStart = true;
      }
    }

    private int identifier(Frame frame, char before) {
      if (tokens.is("new")) {
        frame.pendingNew.push(frame.parens);
        return advance();
      }
      if (frame == top && frame.parens == 0) {
        if (tokens.is("package")) {
          advance();
          packageName = dottedName();
          return tokens.kind();
        }
        if (tokens.is("import")) {
          return importDeclaration();
        }
      }
      if (before == '.') {
        return advance(); // Foo.class, x.record(...)
      }
      TypeDecl.Kind kind = null;
      if (tokens.is("class")) {
        kind = TypeDecl.Kind.CLASS;
      } else if (tokens.is("interface")) {
        kind = before == '@' ? TypeDecl.Kind.ANNOTATION : TypeDecl.Kind.INTERFACE;
      } else if (tokens.is("enum")) {
        kind = TypeDecl.Kind.ENUM;
      } else if (tokens.is("record")) {
        kind = TypeDecl.Kind.RECORD;
      }
      if (kind == null) {
        return advance();
      }
      int keywordLine = tokens.line();
      int next = advance();
      if (next != JavaTokens.IDENT) {
        return next;
      }
      String simpleName = tokens.text();
      next = advance();
      if (kind == TypeDecl.Kind.RECORD && tokens.punct() != '(' && tokens.punct() != '<') {
        return next; // 'record' used as a name
      }
      return typeDeclaration(frame, kind, simpleName, keywordLine);
    }

    /** From just after a type's name to the token after its opening brace. */
    private int typeDeclaration(Frame frame, TypeDecl.Kind kind, String simpleName, int line) {
      List<String> supertypes = new ArrayList<>();
      boolean collect = false;
      while (tokens.kind() != JavaTokens.EOF) {
        char punct = tokens.punct();
        if (punct == '{') {
          break;
        }
        if (punct == '<' || punct == '(') {
          skipBalanced(punct, punct == '<' ? '>' : ')');
          continue;
        }
        if (punct == '@') {
          skipAnnotation();
          continue;
        }
        if (punct == ';' || punct == '}') {
          return tokens.kind(); // not a declaration after all; let the caller see it
        }
        if (tokens.is("extends") || tokens.is("implements")) {
          collect = true;
          advance();
          continue;
        }
        if (tokens.is("permits")) {
          collect = false;
          advance();
          continue;
        }
        if (collect && tokens.kind() == JavaTokens.IDENT) {
          supertypes.add(typeName());
          continue;
        }
        advance();
      }
      if (tokens.kind() == JavaTokens.EOF) {
        return JavaTokens.EOF;
      }
      Frame enclosing = nearestType(frame);
      String qualifiedName = null;
      if (frame.kind != FrameKind.BLOCK && enclosing.name != null) {
        qualifiedName =
            enclosing == top
                ? packageName.isEmpty() ? simpleName : packageName + "." + simpleName
                : enclosing.name + "." + simpleName;
      }
      if (qualifiedName != null) {
        int begin = frame.parens == 0 && !frame.memberStart ? frame.memberLine : line;
        frame.target().add(new Pending(qualifiedName, kind, supertypes, begin));
      }
      Frame body = new Frame(FrameKind.TYPE, qualifiedName, frame.target());
      body.enumConstants = kind == TypeDecl.Kind.ENUM;
      frames.push(body);
      return advance();
    }

    private Frame nearestType(Frame frame) {
      for (Frame f : frames) {
        if (f.kind == FrameKind.TYPE) {
          return f;
        }
      }
      return top;
    }

    /** A type as written, without type arguments or annotations: {@code Map.Entry}. */
    private String typeName() {
      StringBuilder name = new StringBuilder(tokens.text());
      advance();
      while (true) {
        char punct = tokens.punct();
        if (punct == '<') {
          skipBalanced('<', '>');
        } else if (punct == '.') {
          advance();
          if (tokens.punct() == '@') {
            skipAnnotation();
          }
          if (tokens.kind() != JavaTokens.IDENT) {
            return name.toString();
          }
          name.append('.').append(tokens.text());
          advance();
        } else {
          return name.toString();
        }
      }
    }

    private void skipAnnotation() {
      advance(); // '@'
      if (tokens.kind() == JavaTokens.IDENT) {
        dottedName();
      }
      if (tokens.punct() == '(') {
        skipBalanced('(', ')');
      }
    }

    /** Skips from an opening bracket to just after its match (or the end of the file). */
    private void skipBalanced(char open, char close) {
      int depth = 0;
      do {
        char punct = tokens.punct();
        if (punct == open) {
          depth++;
        } else if (punct == close) {
          depth--;
        } else if (punct == '{' || punct == '}' || punct == ';') {
          if (open == '<') {
            return; // a comparison, not type arguments
          }
        }
        advance();
      } while (depth > 0 && tokens.kind() != JavaTokens.EOF);
    }

    /** A dotted name starting at the current identifier; leaves the token after it current. */
    private String dottedName() {
      StringBuilder name = new StringBuilder();
      while (tokens.kind() == JavaTokens.IDENT) {
        name.append(tokens.text());
        advance();
        if (tokens.punct() != '.') {
          break;
        }
        advance();
        if (tokens.kind() == JavaTokens.IDENT) {
          name.append('.');
        }
      }
      return name.toString();
    }

    private int importDeclaration() {
      int kind = advance();
      boolean isStatic = tokens.is("static");
      if (isStatic) {
        kind = advance();
      }
      StringBuilder name = new StringBuilder();
      boolean asterisk = false;
      while (kind != JavaTokens.EOF && tokens.punct() != ';') {
        if (tokens.punct() == '*') {
          asterisk = true;
        } else if (kind == JavaTokens.IDENT) {
          name.append(tokens.text());
        } else if (tokens.punct() == '.') {
          name.append('.');
        }
        kind = advance();
      }
      String imported = name.toString();
      if (asterisk && imported.endsWith(".")) {
        imported = imported.substring(0, imported.length() - 1);
      }
      if (asterisk && !imported.isEmpty()) {
        qualifiers.add(intern(imported)); // import a.b.*: a.b's types, whatever it is written as
      }
      if (!isStatic && !imported.isEmpty()) {
        if (asterisk) {
          onDemand.add(imported);
        } else {
          singleImports.put(imported.substring(imported.lastIndexOf('.') + 1), imported);
        }
      }
      return kind; // the ';' is handled as a member boundary
    }

    private List<TypeDecl> resolve() {
      Map<String, String> declared = new LinkedHashMap<>();
      for (Pending p : declarations) {
        declared.putIfAbsent(
            p.qualifiedName().substring(p.qualifiedName().lastIndexOf('.') + 1), p.qualifiedName());
      }
      TypeResolver resolver = new TypeResolver(packageName, singleImports, onDemand, declared);
      List<TypeDecl> result = new ArrayList<>(declarations.size());
      for (Pending p : declarations) {
        List<TypeRef> supertypes = p.supertypes().stream().map(resolver::resolve).toList();
        result.add(new TypeDecl(p.qualifiedName(), p.kind(), supertypes, path, p.line()));
      }
      return result;
    }

    private Set<String> internAll() {
      Set<String> kept = new HashSet<>();
      for (String word : identifiers) {
        if (!Character.isLowerCase(word.charAt(0)) || word.indexOf('_') >= 0) {
          kept.add(intern(word));
        }
      }
      return kept;
    }
  }
}

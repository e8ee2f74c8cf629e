package dev.threadlint.facts;

import com.github.javaparser.ast.DataKey;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SwitchEntry;
import com.github.javaparser.ast.stmt.TryStmt;
import com.github.javaparser.ast.type.Type;
import java.util.List;
import java.util.Optional;

/**
 * Finds the declaration a simple name refers to by walking outwards from its use: blocks (only
 * declarations before the use), loops, catch clauses, resources, parameters of methods and lambdas,
 * then fields of the enclosing types and anonymous classes, innermost first. Inherited fields of
 * supertypes are not searched: such a name stays unresolved.
 */
public final class Scopes {
  private final TypeResolver types;

  public Scopes(TypeResolver types) {
    this.types = types;
  }

  /** The variable {@code name} refers to when used at {@code use}. */
  public Optional<Variable> lookup(String name, Node use) {
    Node child = use;
    Optional<Node> parent = use.getParentNode();
    while (parent.isPresent()) {
      Node scope = parent.get();
      Optional<Variable> found = lookupIn(scope, child, name);
      if (found.isPresent()) {
        return found;
      }
      child = scope;
      parent = scope.getParentNode();
    }
    return Optional.empty();
  }

  /** The field {@code name} declared in the type that encloses {@code use} (or an outer type). */
  public Optional<Variable> lookupField(String name, Node use) {
    Optional<Node> parent = use.getParentNode();
    while (parent.isPresent()) {
      Node scope = parent.get();
      if (scope instanceof TypeDeclaration<?> || isAnonymousBody(scope)) {
        Optional<Variable> field = fieldIn(scope, name);
        if (field.isPresent()) {
          return field;
        }
      }
      parent = scope.getParentNode();
    }
    return Optional.empty();
  }

  /** Every field declared directly in a type declaration or anonymous class. */
  public List<Variable> fieldsOf(Node type) {
    List<BodyDeclaration<?>> members = membersOf(type);
    java.util.ArrayList<Variable> fields = new java.util.ArrayList<>();
    for (BodyDeclaration<?> member : members) {
      if (member instanceof FieldDeclaration field) {
        for (VariableDeclarator declarator : field.getVariables()) {
          fields.add(fieldVariable(field, declarator));
        }
      }
    }
    return fields;
  }

  private Optional<Variable> lookupIn(Node scope, Node child, String name) {
    if (scope instanceof BlockStmt block) {
      return inStatements(block.getStatements(), child, name);
    }
    if (scope instanceof SwitchEntry entry) {
      return inStatements(entry.getStatements(), child, name);
    }
    if (scope instanceof CallableDeclaration<?> callable) {
      return inParameters(callable.getParameters(), name);
    }
    if (scope instanceof LambdaExpr lambda) {
      return inParameters(lambda.getParameters(), name);
    }
    if (scope instanceof CatchClause clause) {
      // List.of, not new NodeList: a NodeList adopts its elements and would take the parameter
      // away from its catch clause
      return inParameters(List.of(clause.getParameter()), name);
    }
    if (scope instanceof ForStmt loop) {
      for (Expression init : loop.getInitialization()) {
        if (init instanceof VariableDeclarationExpr declaration) {
          Optional<Variable> found = inDeclaration(declaration, name);
          if (found.isPresent()) {
            return found;
          }
        }
      }
      return Optional.empty();
    }
    if (scope instanceof ForEachStmt loop && child != loop.getIterable()) {
      return inDeclaration(loop.getVariable(), name);
    }
    if (scope instanceof TryStmt tryStmt) {
      for (Expression resource : tryStmt.getResources()) {
        if (resource == child) {
          break;
        }
        if (resource instanceof VariableDeclarationExpr declaration) {
          Optional<Variable> found = inDeclaration(declaration, name);
          if (found.isPresent()) {
            return found;
          }
        }
      }
      return Optional.empty();
    }
    if (scope instanceof RecordDeclaration record) {
      for (Parameter component : record.getParameters()) {
        if (component.getNameAsString().equals(name)) {
          return Optional.of(
              new Variable(
                  name,
                  Variable.Kind.FIELD,
                  component,
                  types.resolve(component.getType()),
                  true,
                  false,
                  false));
        }
      }
      return fieldIn(scope, name);
    }
    if (scope instanceof TypeDeclaration<?> || isAnonymousBody(scope)) {
      return fieldIn(scope, name);
    }
    return Optional.empty();
  }

  private Optional<Variable> inStatements(List<Statement> statements, Node child, String name) {
    // by index: a name's lookup walks every block around it, and a node list's iterator is an
    // object per block per lookup
    for (int i = 0; i < statements.size(); i++) {
      Statement statement = statements.get(i);
      if (statement == child) {
        break;
      }
      if (statement instanceof ExpressionStmt expressionStmt
          && expressionStmt.getExpression() instanceof VariableDeclarationExpr declaration) {
        Optional<Variable> found = inDeclaration(declaration, name);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The variable a local or parameter declares, kept on its node: every use of a name looks it up,
   * and resolving its type anew for each use allocated more than any other part of the per-file
   * walks but the parse. Only this file's resolver (the same for any context of the tree) decides
   * it, and the tree is one worker's and dies with it.
   */
  private static final DataKey<Optional<Variable>> DECLARED = new DataKey<>() {};

  private Optional<Variable> inDeclaration(VariableDeclarationExpr declaration, String name) {
    List<VariableDeclarator> declarators = declaration.getVariables();
    for (int i = 0; i < declarators.size(); i++) {
      VariableDeclarator declarator = declarators.get(i);
      if (declarator.getNameAsString().equals(name)) {
        if (declarator.containsData(DECLARED)) {
          return declarator.getData(DECLARED);
        }
        Optional<Variable> found =
            Optional.of(
                new Variable(
                    name,
                    Variable.Kind.LOCAL,
                    declarator,
                    declaredType(declarator.getType(), declarator.getInitializer()),
                    declaration.isFinal(),
                    false,
                    false));
        declarator.setData(DECLARED, found);
        return found;
      }
    }
    return Optional.empty();
  }

  private Optional<Variable> inParameters(List<Parameter> parameters, String name) {
    for (int i = 0; i < parameters.size(); i++) {
      Parameter parameter = parameters.get(i);
      if (parameter.getNameAsString().equals(name)) {
        if (parameter.containsData(DECLARED)) {
          return parameter.getData(DECLARED);
        }
        TypeRef type =
            parameter.getType().isUnknownType()
                ? TypeRef.UNKNOWN
                : types.resolve(parameter.getType());
        Optional<Variable> found =
            Optional.of(
                new Variable(
                    name,
                    Variable.Kind.PARAMETER,
                    parameter,
                    type,
                    parameter.isFinal(),
                    false,
                    false));
        parameter.setData(DECLARED, found);
        return found;
      }
    }
    return Optional.empty();
  }

  private Optional<Variable> fieldIn(Node type, String name) {
    return Optional.ofNullable(fieldsByName(type).get(name));
  }

  /**
   * The fields a type declares directly, by name (the first declaration of a name, as a scan of the
   * members would find), built once per type: names are looked up thousands of times per file.
   */
  private java.util.Map<String, Variable> fieldsByName(Node type) {
    java.util.Map<String, Variable> fields = fieldsByType.get(type);
    if (fields == null) {
      fields = new java.util.HashMap<>();
      for (BodyDeclaration<?> member : membersOf(type)) {
        if (member instanceof FieldDeclaration field) {
          for (VariableDeclarator declarator : field.getVariables()) {
            if (!fields.containsKey(declarator.getNameAsString())) {
              fields.put(declarator.getNameAsString(), fieldVariable(field, declarator));
            }
          }
        }
      }
      fieldsByType.put(type, fields);
    }
    return fields;
  }

  /** See {@link #fieldsByName}; one file's scopes live on one worker thread. */
  private final java.util.Map<Node, java.util.Map<String, Variable>> fieldsByType =
      new java.util.IdentityHashMap<>();

  private Variable fieldVariable(FieldDeclaration field, VariableDeclarator declarator) {
    boolean inInterface =
        field
            .getParentNode()
            .filter(
                p ->
                    p instanceof com.github.javaparser.ast.body.ClassOrInterfaceDeclaration c
                        && c.isInterface())
            .isPresent();
    return new Variable(
        declarator.getNameAsString(),
        Variable.Kind.FIELD,
        declarator,
        declaredType(declarator.getType(), declarator.getInitializer()),
        field.isFinal() || inInterface,
        field.isStatic() || inInterface,
        field.isVolatile());
  }

  private TypeRef declaredType(Type type, Optional<Expression> initializer) {
    if (type.isVarType()) {
      return initializer
          .filter(Expression::isObjectCreationExpr)
          .map(init -> types.resolve(init.asObjectCreationExpr().getType()))
          .orElse(TypeRef.UNKNOWN);
    }
    return types.resolve(type);
  }

  private static boolean isAnonymousBody(Node node) {
    return node instanceof ObjectCreationExpr creation
        && creation.getAnonymousClassBody().isPresent();
  }

  private static List<BodyDeclaration<?>> membersOf(Node type) {
    if (type instanceof TypeDeclaration<?> declaration) {
      return declaration.getMembers();
    }
    if (type instanceof ObjectCreationExpr creation) {
      return creation.getAnonymousClassBody().map(List::copyOf).orElse(List.of());
    }
    return List.of();
  }
}

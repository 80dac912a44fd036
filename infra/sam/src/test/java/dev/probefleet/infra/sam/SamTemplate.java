package dev.probefleet.infra.sam;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code infra/sam/template.yaml}, read as CloudFormation reads it, with what the tests ask of it:
 * resources by type, a function's properties with the template's {@code Globals} applied, whether a
 * condition holds for given parameter values, and the value of an expression once parameters and
 * pseudo parameters are substituted (a resource's {@code Ref} or attribute stays a marker such as
 * {@code ref:AlertTopic} or {@code getatt:RoundsTable.Arn}).
 */
final class SamTemplate {
  /** The template, relative to this module's directory (the tests' working directory). */
  static final Path FILE = Path.of("template.yaml").toAbsolutePath();

  /** The values the pseudo parameters take when an expression is resolved. */
  static final Map<String, String> PSEUDO_PARAMETERS =
      Map.of(
          "AWS::Region", "eu-west-1",
          "AWS::AccountId", "123456789012",
          "AWS::Partition", "aws",
          "AWS::URLSuffix", "amazonaws.com",
          "AWS::StackName", "probefleet");

  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{(!?)([^}]+)}");

  private final Path file;
  private final Map<String, Object> root;

  private SamTemplate(Path file, Map<String, Object> root) {
    this.file = file;
    this.root = root;
  }

  static SamTemplate load() {
    return new SamTemplate(FILE, CloudFormationYaml.load(FILE));
  }

  Path file() {
    return file;
  }

  /** Logical id → resource ({@code Type}, {@code Properties}, {@code Condition} …). */
  Map<String, Map<String, Object>> resources() {
    return mapOfMaps(root.get("Resources"), "Resources");
  }

  Map<String, Object> resource(String id) {
    Map<String, Object> resource = resources().get(id);
    if (resource == null) {
      throw new AssertionError("the template has no resource " + id);
    }
    return resource;
  }

  String type(String id) {
    return (String) resource(id).get("Type");
  }

  /** The resource's properties ({@code {}} when it has none). */
  Map<String, Object> properties(String id) {
    return map(resource(id).getOrDefault("Properties", Map.of()), id + ".Properties");
  }

  /** The logical ids of the resources of a type, sorted. */
  SortedMap<String, Map<String, Object>> ofType(String type) {
    SortedMap<String, Map<String, Object>> out = new TreeMap<>();
    resources()
        .forEach(
            (id, r) -> {
              if (type.equals(r.get("Type"))) {
                out.put(id, r);
              }
            });
    return out;
  }

  /**
   * A serverless function's properties as SAM deploys them: {@code Globals.Function} first, the
   * function's own on top (SAM merges maps, puts a list in Globals before the function's own, and
   * replaces everything else).
   */
  Map<String, Object> function(String id) {
    if (!"AWS::Serverless::Function".equals(type(id))) {
      throw new AssertionError(id + " is a " + type(id) + ", not a serverless function");
    }
    Map<String, Object> globals =
        map(
            map(root.getOrDefault("Globals", Map.of()), "Globals")
                .getOrDefault("Function", Map.of()),
            "Globals.Function");
    return merge(globals, properties(id));
  }

  /** A function's environment variables with these parameters ({@code AWS::NoValue} left out). */
  Map<String, String> environment(String functionId, Map<String, String> parameters) {
    Map<String, Object> variables =
        map(
            map(function(functionId).get("Environment"), functionId + ".Environment")
                .get("Variables"),
            functionId + ".Environment.Variables");
    Map<String, String> out = new TreeMap<>();
    variables.forEach(
        (name, expression) -> {
          String value = resolve(expression, parameters);
          if (value != null) {
            out.put(name, value);
          }
        });
    return out;
  }

  /** A parameter's declaration. */
  Map<String, Object> parameter(String name) {
    Map<String, Object> parameter = mapOfMaps(root.get("Parameters"), "Parameters").get(name);
    if (parameter == null) {
      throw new AssertionError("the template has no parameter " + name);
    }
    return parameter;
  }

  /** The parameters' defaults, with these values instead (each checked against its declaration). */
  Map<String, String> parameters(Map<String, String> overrides) {
    Map<String, String> values = new LinkedHashMap<>();
    mapOfMaps(root.get("Parameters"), "Parameters")
        .forEach(
            (name, declaration) -> {
              Object value = declaration.get("Default");
              if (value != null) {
                values.put(name, String.valueOf(value));
              }
            });
    overrides.forEach(
        (name, value) -> {
          Object allowed = parameter(name).get("AllowedValues");
          if (allowed instanceof List<?> list
              && list.stream().map(String::valueOf).noneMatch(value::equals)) {
            throw new AssertionError(name + " does not allow " + value + ": " + list);
          }
          values.put(name, value);
        });
    return values;
  }

  /** The values {@code AllowedValues} lists for a parameter, as strings. */
  List<String> allowedValues(String parameter) {
    Object allowed = parameter(parameter).get("AllowedValues");
    if (!(allowed instanceof List<?> list)) {
      throw new AssertionError(parameter + " has no AllowedValues");
    }
    return list.stream().map(String::valueOf).toList();
  }

  /** Whether a resource is created with these parameter values (its {@code Condition}). */
  boolean creates(String id, Map<String, String> parameters) {
    Object condition = resource(id).get("Condition");
    return condition == null || condition((String) condition, parameters);
  }

  /** Whether a named condition holds with these parameter values. */
  boolean condition(String name, Map<String, String> parameters) {
    Object expression = map(root.get("Conditions"), "Conditions").get(name);
    if (expression == null) {
      throw new AssertionError("the template has no condition " + name);
    }
    return holds(expression, parameters);
  }

  private boolean holds(Object expression, Map<String, String> parameters) {
    Map<String, Object> function = map(expression, "condition");
    if (function.size() != 1) {
      throw new AssertionError("not a condition function: " + expression);
    }
    Map.Entry<String, Object> e = function.entrySet().iterator().next();
    return switch (e.getKey()) {
      case "Fn::Equals" -> {
        List<?> operands = list(e.getValue(), "Fn::Equals");
        yield Objects.equals(
            resolve(operands.get(0), parameters), resolve(operands.get(1), parameters));
      }
      case "Fn::Not" -> !holds(list(e.getValue(), "Fn::Not").get(0), parameters);
      case "Fn::And" -> list(e.getValue(), "Fn::And").stream().allMatch(c -> holds(c, parameters));
      case "Fn::Or" -> list(e.getValue(), "Fn::Or").stream().anyMatch(c -> holds(c, parameters));
      case "Condition" -> condition((String) e.getValue(), parameters);
      default -> throw new AssertionError("not a condition function: " + e.getKey());
    };
  }

  /**
   * An expression's value with these parameters: parameters and pseudo parameters substituted,
   * {@code Fn::If} decided; a resource's {@code Ref} becomes {@code ref:<id>} and an attribute
   * {@code getatt:<id>.<attribute>}. {@code null} for {@code AWS::NoValue}.
   */
  String resolve(Object expression, Map<String, String> parameters) {
    if (expression == null) {
      return null;
    }
    if (expression instanceof String
        || expression instanceof Number
        || expression instanceof Boolean) {
      return String.valueOf(expression);
    }
    Map<String, Object> function = map(expression, "expression");
    if (function.size() != 1) {
      throw new AssertionError("not an intrinsic function: " + expression);
    }
    Map.Entry<String, Object> e = function.entrySet().iterator().next();
    return switch (e.getKey()) {
      case "Ref" -> reference((String) e.getValue(), parameters);
      case "Fn::GetAtt" -> {
        List<?> parts = list(e.getValue(), "Fn::GetAtt");
        yield "getatt:" + parts.get(0) + "." + parts.get(1);
      }
      case "Fn::Sub" -> substitute(e.getValue(), parameters);
      case "Fn::If" -> {
        List<?> branches = list(e.getValue(), "Fn::If");
        yield resolve(
            condition((String) branches.get(0), parameters) ? branches.get(1) : branches.get(2),
            parameters);
      }
      case "Fn::Join" -> {
        List<?> args = list(e.getValue(), "Fn::Join");
        List<String> parts = new ArrayList<>();
        for (Object part : list(args.get(1), "Fn::Join")) {
          parts.add(resolve(part, parameters));
        }
        yield String.join((String) args.get(0), parts);
      }
      case "Fn::FindInMap" -> {
        List<?> args = list(e.getValue(), "Fn::FindInMap");
        String mapName = resolve(args.get(0), parameters);
        String top = resolve(args.get(1), parameters);
        String second = resolve(args.get(2), parameters);
        Map<String, Object> topLevel =
            map(map(root.get("Mappings"), "Mappings").get(mapName), "Mappings." + mapName);
        Map<String, Object> row = map(topLevel.get(top), "Mappings." + mapName + "." + top);
        if (!row.containsKey(second)) {
          throw new AssertionError("Mappings." + mapName + "." + top + " has no " + second);
        }
        yield resolve(row.get(second), parameters);
      }
      default -> throw new AssertionError("cannot resolve " + e.getKey() + " here");
    };
  }

  private String reference(String name, Map<String, String> parameters) {
    if (name.equals("AWS::NoValue")) {
      return null;
    }
    if (PSEUDO_PARAMETERS.containsKey(name)) {
      return PSEUDO_PARAMETERS.get(name);
    }
    if (parameters.containsKey(name)) {
      return parameters.get(name);
    }
    if (mapOfMaps(root.get("Parameters"), "Parameters").containsKey(name)) {
      throw new AssertionError("parameter " + name + " has no default and no value");
    }
    String resource = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
    if (!resources().containsKey(resource)) {
      throw new AssertionError("Ref " + name + " names no parameter and no resource");
    }
    return "ref:" + name;
  }

  private String substitute(Object argument, Map<String, String> parameters) {
    String text;
    Map<String, String> variables = new LinkedHashMap<>(parameters);
    if (argument instanceof String s) {
      text = s;
    } else {
      List<?> args = list(argument, "Fn::Sub");
      text = (String) args.get(0);
      map(args.get(1), "Fn::Sub variables")
          .forEach((k, v) -> variables.put(k, resolve(v, parameters)));
    }
    Matcher m = SUB_VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(2);
      String value;
      if (!m.group(1).isEmpty()) {
        value = "${" + name + "}";
      } else if (variables.containsKey(name)) {
        value = variables.get(name);
      } else if (name.contains(".") && !name.startsWith("AWS::")) {
        String resource = name.substring(0, name.indexOf('.'));
        if (!resources().containsKey(resource)) {
          throw new AssertionError("${" + name + "} in " + text + " names no resource");
        }
        value = "getatt:" + name;
      } else {
        value = reference(name, parameters);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * An expression as the template writes it, for listings: {@code RoundsTable.Arn}, {@code
   * AlertTopic}, a {@code Fn::Sub} string as written.
   */
  static String render(Object expression) {
    if (!(expression instanceof Map<?, ?> function) || function.size() != 1) {
      return String.valueOf(expression);
    }
    Map.Entry<?, ?> e = function.entrySet().iterator().next();
    return switch (String.valueOf(e.getKey())) {
      case "Ref" -> String.valueOf(e.getValue());
      case "Fn::GetAtt" -> {
        List<?> parts = (List<?>) e.getValue();
        yield parts.get(0) + "." + parts.get(1);
      }
      case "Fn::Sub" ->
          e.getValue() instanceof String s ? s : String.valueOf(((List<?>) e.getValue()).get(0));
      default -> String.valueOf(expression);
    };
  }

  // --- shapes ------------------------------------------------------------------------------------

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value, String where) {
    if (!(value instanceof Map<?, ?>)) {
      throw new AssertionError(where + " is not a mapping: " + value);
    }
    return (Map<String, Object>) value;
  }

  static List<?> list(Object value, String where) {
    if (!(value instanceof List<?> list)) {
      throw new AssertionError(where + " is not a list: " + value);
    }
    return list;
  }

  /** A value that may be one item or a list of them, as IAM's Action and Resource. */
  static List<?> oneOrMany(Object value) {
    return value instanceof List<?> list ? list : List.of(value);
  }

  private static Map<String, Map<String, Object>> mapOfMaps(Object value, String where) {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    map(value, where).forEach((k, v) -> out.put(k, map(v, where + "." + k)));
    return out;
  }

  private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
    Map<String, Object> out = new LinkedHashMap<>(base);
    over.forEach(
        (k, v) -> {
          Object b = out.get(k);
          if (b instanceof Map<?, ?> && v instanceof Map<?, ?>) {
            out.put(k, merge(map(b, k), map(v, k)));
          } else if (b instanceof List<?> globals && v instanceof List<?> own) {
            List<Object> both = new ArrayList<>(globals);
            both.addAll(own);
            out.put(k, both);
          } else {
            out.put(k, v);
          }
        });
    return out;
  }
}

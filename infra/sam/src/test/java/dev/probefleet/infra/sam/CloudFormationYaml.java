package dev.probefleet.infra.sam;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a CloudFormation YAML template the way CloudFormation does: each short-form intrinsic
 * ({@code !Ref X}, {@code !Sub "…"}, {@code !GetAtt A.B}, {@code !If […]} …) becomes its JSON form
 * ({@code {"Ref": "X"}}, {@code {"Fn::Sub": "…"}}, {@code {"Fn::GetAtt": ["A", "B"]}}), so the
 * tests see one shape whichever form the template uses. A tag this does not know fails the load, as
 * it would fail CloudFormation's.
 */
final class CloudFormationYaml {
  private static final List<String> FUNCTIONS =
      List.of(
          "Ref",
          "Condition",
          "Sub",
          "GetAtt",
          "If",
          "Equals",
          "Not",
          "And",
          "Or",
          "Join",
          "Select",
          "Split",
          "FindInMap",
          "Base64",
          "Cidr",
          "GetAZs",
          "ImportValue",
          "Transform");

  private CloudFormationYaml() {}

  /** The template as maps, lists, strings, numbers and booleans. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> load(Path file) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    Yaml yaml = new Yaml(new IntrinsicConstructor(options));
    try (Reader reader = Files.newBufferedReader(file)) {
      return (Map<String, Object>) yaml.load(reader);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static final class IntrinsicConstructor extends SafeConstructor {
    IntrinsicConstructor(LoaderOptions options) {
      super(options);
      for (String function : FUNCTIONS) {
        yamlConstructors.put(new Tag("!" + function), new Intrinsic(function));
      }
    }

    private final class Intrinsic extends AbstractConstruct {
      private final String function;

      Intrinsic(String function) {
        this.function = function;
      }

      @Override
      public Object construct(Node node) {
        Object argument =
            switch (node) {
              case ScalarNode scalar -> constructScalar(scalar);
              case SequenceNode sequence -> constructSequence(sequence);
              case MappingNode mapping -> constructMapping(mapping);
              default -> throw new IllegalStateException("!" + function + " on " + node);
            };
        if (function.equals("GetAtt") && argument instanceof String dotted) {
          int dot = dotted.indexOf('.');
          argument = List.of(dotted.substring(0, dot), dotted.substring(dot + 1));
        }
        String key =
            function.equals("Ref") || function.equals("Condition") ? function : "Fn::" + function;
        return Map.of(key, argument);
      }
    }
  }
}

package io.lantern.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lantern.agent.config.ConfigKey;
import io.lantern.agent.config.LanternConfig;
import io.lantern.agent.instrumentation.InstrumentationModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's Configuration table lists every key the agent declares, with its default, and no
 * key that is not declared. Here, in the packaging module, because its class path is the one the
 * agent jar is made of: every instrumentation module, found by {@link ServiceLoader} as the agent
 * finds them, each listing its keys through {@link InstrumentationModule#configKeys()}.
 */
class ConfigurationDocumentedTest {
  private static final String SWITCH = "lantern.instrumentation.<name>.enabled";
  private static final Pattern KEY_IN_CELL = Pattern.compile("`(lantern\\.[^`]+)`");

  /** Each declared key, and who declares it. */
  private static final Map<ConfigKey<?>, String> declared = new LinkedHashMap<>();
  private static final List<String> moduleNames = new ArrayList<>();
  /** Table rows of the Configuration section, each split into its cells. */
  private static final List<List<String>> rows = new ArrayList<>();

  @BeforeAll
  static void collect() throws IOException {
    LanternConfig.KEYS.forEach(k -> declared.put(k, "LanternConfig"));
    AgentContext.configKeys().forEach(k -> declared.put(k, "AgentContext"));
    for (InstrumentationModule module : ServiceLoader.load(InstrumentationModule.class)) {
      moduleNames.add(module.name());
      module.configKeys().forEach(k -> declared.put(k, "module " + module.name()));
    }
    for (String line : configurationSection()) {
      if (line.startsWith("|") && !line.startsWith("|---") && !line.startsWith("| key ")) {
        List<String> cells = new ArrayList<>();
        for (String cell : line.substring(1, line.lastIndexOf('|')).split("\\|")) {
          cells.add(cell.trim());
        }
        rows.add(cells);
      }
    }
  }

  private static List<String> configurationSection() throws IOException {
    Path readme = Paths.get(System.getProperty("basedir", System.getProperty("user.dir"))).resolve("../README.md");
    List<String> lines = Files.readAllLines(readme.normalize(), StandardCharsets.UTF_8);
    int start = lines.indexOf("## Configuration");
    assertTrue(start >= 0, "README.md has a \"## Configuration\" section");
    int end = start + 1;
    while (end < lines.size() && !lines.get(end).startsWith("## ")) {
      end++;
    }
    return lines.subList(start + 1, end);
  }

  @Test
  void everyModuleIsFoundAndItsKeysToo() {
    assertTrue(moduleNames.contains("jdbc") && moduleNames.contains("servlet"), moduleNames.toString());
    assertTrue(declared.containsValue("module jdbc"), declared.toString());
    assertFalse(rows.isEmpty(), "the Configuration section has a table");
  }

  @Test
  void noTwoDeclarationsShareAName() {
    Map<String, List<String>> byName = declared.entrySet().stream()
        .collect(Collectors.groupingBy(e -> e.getKey().name(), Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
    byName.forEach((name, owners) -> assertEquals(1, owners.size(), name + " is declared by " + owners));
  }

  @Test
  void everyDeclaredKeyHasOneRowWithItsDefault() {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<ConfigKey<?>, String> e : declared.entrySet()) {
      ConfigKey<?> key = e.getKey();
      List<List<String>> found = rows.stream()
          .filter(r -> r.get(0).contains("`" + key.name() + "`"))
          .collect(Collectors.toList());
      if (found.size() != 1) {
        problems.add(key.name() + " (" + e.getValue() + "): " + found.size() + " rows");
        continue;
      }
      String defaultCell = found.get(0).get(1);
      String expected = key.defaultText() == null ? "unset" : "`" + key.defaultText() + "`";
      if (!defaultCell.contains(expected)) {
        problems.add(key.name() + " (" + e.getValue() + "): default cell \"" + defaultCell + "\" lacks " + expected);
      }
    }
    assertEquals(new ArrayList<>(), problems, "README.md, ## Configuration");
  }

  @Test
  void everyKeyInTheTableIsDeclared() {
    TreeSet<String> names = declared.keySet().stream().map(ConfigKey::name).collect(Collectors.toCollection(TreeSet::new));
    TreeSet<String> stale = new TreeSet<>();
    for (List<String> row : rows) {
      Matcher m = KEY_IN_CELL.matcher(row.get(0));
      while (m.find()) {
        if (!m.group(1).equals(SWITCH) && !names.contains(m.group(1))) {
          stale.add(m.group(1));
        }
      }
    }
    assertEquals(new TreeSet<>(), stale, "keys in README.md's table that no code declares");
  }

  @Test
  void theSwitchRowNamesEveryModule() {
    List<List<String>> found = rows.stream()
        .filter(r -> r.get(0).contains("`" + SWITCH + "`"))
        .collect(Collectors.toList());
    assertEquals(1, found.size(), SWITCH + " has one row");
    String meaning = found.get(0).get(2);
    for (String name : moduleNames) {
      assertTrue(meaning.contains("`" + name + "`"), SWITCH + " row lacks `" + name + "`: " + meaning);
    }
  }
}
